"""The content every permission test starts from: GR, two members, one shared page.

GR's editors edit and publish GR's tree, each member's editors only their own
tree, GR's reviewers approve GR material in the "Granskning GR" workflow.
Material shared from GR reaches the members as aliases, which the members'
editors may not edit, convert, move, unpublish or delete.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Page, Site

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from pages.permissions import (
    GR_EDITORS,
    GR_REVIEWERS,
    ensure_groups,
)
from tests.api.utils import build_tree
from tests.factories import edit_form_data, make_resource

MOLNDAL_EDITORS = "Mölndals stad redaktörer"
ALE_EDITORS = "Ale kommun redaktörer"


def user_in(username: str, *group_names: str):
    user = get_user_model().objects.create_user(username=username, password="x")
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


class PermissionTestCase(TestCase):
    """GR with one shared resource, Mölndal and Ale with a local resource each."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.ale = build_tree("ale", "ale.localhost", is_hub=False)
        Site.objects.filter(root_page=cls.molndal["home"]).update(
            site_name="Mölndals stad"
        )
        Site.objects.filter(root_page=cls.ale["home"]).update(site_name="Ale kommun")
        cls.groups = ensure_groups()

        cls.gr_editor = user_in("gr-redaktor", GR_EDITORS)
        cls.reviewer = user_in("gr-granskare", GR_REVIEWERS)
        cls.molndal_editor = user_in("molndal-redaktor", MOLNDAL_EDITORS)
        cls.ale_editor = user_in("ale-redaktor", ALE_EDITORS)
        cls.superuser = get_user_model().objects.create_superuser(
            username="admin", password="x"
        )

        # Publishing GR's resource creates its aliases in both members' trees.
        cls.original = make_resource(
            ArticlePage,
            cls.gr["otillaten-paverkan"],
            title="Delat material",
            slug="delat",
        )
        cls.alias = Page.objects.get(
            alias_of=cls.original, url_path__startswith="/molndal/"
        )
        cls.ale_alias = Page.objects.get(
            alias_of=cls.original, url_path__startswith="/ale/"
        )
        cls.local = make_resource(
            ArticlePage,
            cls.molndal["samverkan"],
            title="Lokalt i Mölndal",
            slug="lokalt",
            share_with="none",
        )
        cls.ale_local = make_resource(
            ArticlePage,
            cls.ale["samverkan"],
            title="Lokalt i Ale",
            slug="ales-eget",
            share_with="none",
        )

    def url(self, name: str, *args) -> str:
        return reverse(f"wagtailadmin_pages:{name}", args=args)

    def messages_of(self, response) -> list[str]:
        return [str(message) for message in get_messages(response.wsgi_request)]

    def assertRefusedWith(self, response, message):
        self.assertEqual(response.status_code, 302)
        self.assertIn(str(message), self.messages_of(response))

    def assertForbidden(self, response):
        """Refused by Wagtail's page permissions (not by the sharing hooks).

        Wagtail's admin turns PermissionDenied into a redirect to the
        dashboard; the sharing hooks redirect to the page's parent instead.
        """
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"))

    def assertAliasUnchanged(self, alias=None):
        alias = alias or self.alias
        current = Page.objects.get(pk=alias.pk)
        self.assertEqual(current.alias_of_id, self.original.pk)
        self.assertEqual(current.get_parent().pk, alias.get_parent().pk)
        self.assertEqual(current.title, alias.title)
        self.assertTrue(current.live)

    def publish_from_editor(self, page, **changes):
        data = edit_form_data(self.client, page)
        data.update(changes)
        data["action-publish"] = "action-publish"
        return self.client.post(self.url("edit", page.pk), data)
