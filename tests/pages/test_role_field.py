"""Choosing roles in the admin: one checkbox per role, of the page's own
language, written back as the page's role links.

Everything goes through the admin's views as a GR editor (a member of
"GR redaktörer", not a superuser) would use them.
"""

import re

from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale, Page

from bs4 import BeautifulSoup

from pages.demo.builder import remove_wagtail_welcome_page
from pages.forms import FORGED_ROLE_MESSAGE
from pages.models import ArticlePage, Role
from pages.models.base import MISSING_ROLE_MESSAGE
from pages.permissions import GR_EDITORS, GR_REVIEWERS, ensure_groups
from tests.api.utils import build_tree
from tests.factories import edit_form_data, form_errors, make_resource
from tests.pages.permission_cases import user_in

# Two roles whose vocabulary order (HR 9, Ekonomi 11) is neither the
# alphabetical order nor the order they are posted in below.
FINANCE, HR = "ekonomi-och-utbetalningar", "hr-och-personal"


def roles_of(language_code: str):
    """The vocabulary in one language, in the order editors see it."""
    return Role.objects.filter(locale__language_code=language_code).order_by(
        "sort_order", "name"
    )


def role(slug: str, language_code: str = "sv") -> Role:
    return roles_of(language_code).get(slug=slug)


def checkboxes(response) -> list[tuple[str, int, bool]]:
    """The role checkboxes on the edit form: (label, role id, checked)."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id="page-edit-form")
    return [
        (
            box.find_parent("label").get_text(strip=True),
            int(box["value"]),
            box.has_attr("checked"),
        )
        for box in form.find_all("input", attrs={"type": "checkbox", "name": "roles"})
    ]


def panel_texts(response) -> tuple[str, str]:
    """The heading and the help text of the edit form's role field."""
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find("h2", id=re.compile(r"-roles-heading$"))
    help_text = soup.find(id=re.compile(r"-roles-helptext$"))
    return heading.get_text(strip=True), help_text.get_text(strip=True)


def link_slugs(page: Page) -> list[str]:
    return [link.role.slug for link in page.role_links.all()]


class RoleFieldTests(TestCase):
    """GR's article "Hot mot handläggare", tagged Socialtjänst, and its
    English copy; GR's editor logged in before each test."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        gr = build_tree("gr", "localhost", is_hub=True)
        cls.article = make_resource(
            ArticlePage,
            gr["otillaten-paverkan"],
            title="Hot mot handläggare",
            slug="hot",
            roles=("socialtjanst",),
        )
        english = Locale.objects.get(language_code="en")
        cls.english = cls.article.copy_for_translation(english, copy_parents=True)
        # After the English pages exist, so GR's groups may edit them too.
        ensure_groups()
        cls.editor = user_in("gr-redaktor", GR_EDITORS)
        cls.reviewer = user_in("gr-granskare", GR_REVIEWERS)

    def setUp(self):
        self.client.force_login(self.editor)

    def edit_url(self, page: Page) -> str:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def post_roles(self, page: Page, role_ids: list, action: str = ""):
        """The edit form as the browser sends it, with `role_ids` ticked."""
        data = edit_form_data(self.client, page)
        data.setlist("roles", [str(pk) for pk in role_ids])
        if action:
            data[action] = action
        # Every value of a list: the test client sends a QueryDict's last only.
        return self.client.post(self.edit_url(page), dict(data.lists()))

    def latest_draft(self, page: Page):
        return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()

    def test_every_swedish_role_is_a_checkbox_with_its_swedish_name(self):
        response = self.client.get(self.edit_url(self.article))
        self.assertEqual(response.status_code, 200)
        boxes = checkboxes(response)
        swedish = list(roles_of("sv"))
        self.assertEqual(len(boxes), 14)
        self.assertEqual(
            [(label, pk) for label, pk, _ in boxes],
            [(r.name, r.pk) for r in swedish],
        )
        english_names = set(roles_of("en").values_list("name", flat=True))
        self.assertFalse(english_names & {label for label, _, _ in boxes})
        self.assertEqual(
            [label for label, _, checked in boxes if checked], ["Socialtjänst"]
        )
        heading, help_text = panel_texts(response)
        self.assertEqual(heading, "Roller")
        self.assertIn("Välj Alla medarbetare för material som gäller alla", help_text)

    def test_two_ticked_roles_are_saved_as_a_draft_with_exactly_those_links(self):
        revisions = self.article.revisions.count()
        response = self.post_roles(self.article, [role(FINANCE).pk, role(HR).pk])
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(self.article.revisions.count(), revisions + 1)
        # In the vocabulary's order, whatever order they were ticked in.
        self.assertEqual(link_slugs(self.latest_draft(self.article)), [HR, FINANCE])
        # A draft: the live page keeps its role until it is published.
        self.assertEqual(link_slugs(self.article), ["socialtjanst"])

    def test_the_chosen_roles_are_ticked_again_after_the_revision(self):
        self.post_roles(self.article, [role(FINANCE).pk, role(HR).pk])
        boxes = checkboxes(self.client.get(self.edit_url(self.article)))
        self.assertEqual(
            [label for label, _, checked in boxes if checked],
            ["HR och personal", "Ekonomi och utbetalningar"],
        )

    def test_published_roles_become_the_pages_role_links(self):
        kept = self.article.role_links.get()
        self.client.force_login(self.reviewer)
        response = self.post_roles(
            self.article,
            [role(FINANCE).pk, role("socialtjanst").pk],
            action="action-publish",
        )
        self.assertEqual(response.status_code, 302, form_errors(response))
        links = list(self.article.role_links.all())
        self.assertEqual([link.role.slug for link in links], ["socialtjanst", FINANCE])
        # The role the page already had keeps its link.
        self.assertEqual(links[0].pk, kept.pk)

    def test_the_english_translation_offers_only_english_roles(self):
        response = self.client.get(self.edit_url(self.english))
        self.assertEqual(response.status_code, 200)
        boxes = checkboxes(response)
        self.assertEqual(
            [(label, pk) for label, pk, _ in boxes],
            [(r.name, r.pk) for r in roles_of("en")],
        )
        self.assertEqual(
            [label for label, _, checked in boxes if checked], ["Social services"]
        )

    def test_the_english_translation_saves_english_roles(self):
        response = self.post_roles(self.english, [role(HR, "en").pk])
        self.assertEqual(response.status_code, 302, form_errors(response))
        links = self.latest_draft(self.english).role_links.all()
        self.assertEqual([link.role for link in links], [role(HR, "en")])

    def test_submitting_for_review_without_a_role_is_refused(self):
        response = self.post_roles(self.article, [], action="action-submit")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, MISSING_ROLE_MESSAGE)
        self.assertFalse(Page.objects.get(pk=self.article.pk).workflow_in_progress)

    def test_publishing_without_a_role_is_refused(self):
        self.client.force_login(self.reviewer)
        revisions = self.article.revisions.count()
        response = self.post_roles(self.article, [], action="action-publish")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, MISSING_ROLE_MESSAGE)
        self.assertEqual(self.article.revisions.count(), revisions)
        self.assertEqual(link_slugs(self.article), ["socialtjanst"])

    def test_a_draft_may_be_saved_without_a_role(self):
        response = self.post_roles(self.article, [])
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(link_slugs(self.latest_draft(self.article)), [])

    def test_a_role_of_another_language_is_refused_with_a_message(self):
        revisions = self.article.revisions.count()
        for forged in (role("chefer", "en").pk, "chefer"):
            with self.subTest(forged=forged):
                response = self.post_roles(self.article, [forged])
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    response.context["form"].errors["roles"],
                    [str(FORGED_ROLE_MESSAGE)],
                )
                self.assertContains(response, FORGED_ROLE_MESSAGE)
                self.assertEqual(self.article.revisions.count(), revisions)
                self.assertEqual(
                    link_slugs(self.latest_draft(self.article)), ["socialtjanst"]
                )

    def test_revisions_compare_the_roles(self):
        self.post_roles(self.article, [role("socialtjanst").pk, role(HR).pk])
        response = self.client.get(
            reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[self.article.pk, "live", "latest"],
            )
        )
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        row = soup.find("div", class_="title-wrapper", string="Roller:")
        self.assertIsNotNone(row)
        links = row.find_parent("tr").select(".comparison__child-object")
        # The role the page kept is the same link, not removed and added again.
        self.assertEqual(
            [(link.dd.get_text(strip=True), link["class"][1:]) for link in links],
            [("Socialtjänst", []), ("HR och personal", ["addition"])],
        )
