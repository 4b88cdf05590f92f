"""The page chooser, as a member's editor: no other site's draft, scheduled,
expired or private page, by browsing or by searching."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from pages.models import ArticlePage
from tests.factories import make_resource
from tests.pages.permission_cases import PermissionTestCase


class PageChooserTests(PermissionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Not shared: the members' copies would be pages of their own trees.
        topic = cls.gr["samverkan"]
        cls.hidden = {
            "draft": make_resource(
                ArticlePage,
                topic,
                publish=False,
                title="Hemligt utkast",
                slug="u",
                share_with="none",
            ),
            "ale_draft": make_resource(
                ArticlePage,
                cls.ale["samverkan"],
                publish=False,
                title="Hemligt Ale-utkast",
                slug="a",
                share_with="none",
            ),
        }
        scheduled = make_resource(
            ArticlePage,
            topic,
            publish=False,
            title="Hemligt schemalagt",
            slug="s",
            share_with="none",
        )
        revision = scheduled.save_revision()
        scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
        revision.approved_go_live_at = scheduled.go_live_at
        revision.save()
        ArticlePage.objects.filter(pk=scheduled.pk).update(
            go_live_at=scheduled.go_live_at
        )
        cls.hidden["scheduled"] = scheduled
        expired = make_resource(
            ArticlePage, topic, title="Hemligt utgånget", slug="e", share_with="none"
        )
        ArticlePage.objects.filter(pk=expired.pk).update(
            expire_at=timezone.now() - datetime.timedelta(days=1)
        )
        cls.hidden["expired"] = expired
        private = make_resource(
            ArticlePage, topic, title="Hemligt privat", slug="p", share_with="none"
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.hidden["private"] = private
        cls.own_draft = make_resource(
            ArticlePage,
            cls.molndal["samverkan"],
            publish=False,
            title="Mölndals utkast",
            slug="m",
            share_with="none",
        )

    def browse(self, parent):
        url = reverse("wagtailadmin_choose_page_child", args=[parent.pk])
        return self.client.get(url).json()["html"]

    def search(self, q):
        url = reverse("wagtailadmin_choose_page_search")
        return self.client.get(url, {"q": q}).content.decode()

    def test_a_member_editor_never_sees_what_other_sites_hide(self):
        self.client.force_login(self.molndal_editor)
        listings = {
            "browse GR": self.browse(self.gr["samverkan"]),
            "browse Ale": self.browse(self.ale["samverkan"]),
            "search": self.search("Hemligt"),
        }
        for where, html in listings.items():
            for what, page in self.hidden.items():
                with self.subTest(where=where, what=what):
                    self.assertNotIn(page.title, html)
        self.assertIn(self.original.title, self.browse(self.gr["otillaten-paverkan"]))
        self.assertIn(self.own_draft.title, self.browse(self.molndal["samverkan"]))
        self.assertIn(self.own_draft.title, self.search("Mölndals"))

    def test_gr_editor_sees_grs_drafts_and_superuser_everything(self):
        self.client.force_login(self.gr_editor)
        html = self.browse(self.gr["samverkan"])
        self.assertIn("Hemligt utkast", html)
        self.assertNotIn("Hemligt Ale-utkast", self.browse(self.ale["samverkan"]))
        self.client.force_login(self.superuser)
        self.assertIn("Hemligt Ale-utkast", self.browse(self.ale["samverkan"]))
