"""Each site edits its own information pages, through the admin's own views,
as the demo's editor groups: members publish theirs, GR's go through review."""

from django.urls import reverse

from wagtail.models import Page, TaskState

from pages.permissions import GR_REVIEW_TASK
from siteinfo.models import AccessibilityStatementPage, ContactPage
from tests.factories import edit_form_data, form_errors
from tests.pages.permission_cases import PermissionTestCase
from tests.siteinfo.utils import add_page


class SiteInfoPermissionTests(PermissionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.contacts = {
            slug: add_page(ContactPage, tree["home"], email=f"trygghet@{slug}.example")
            for slug, tree in (
                ("gr", cls.gr),
                ("molndal", cls.molndal),
                ("ale", cls.ale),
            )
        }

    def live_phone(self, slug: str) -> str:
        return ContactPage.objects.get(pk=self.contacts[slug].pk).phone

    def form_as_superuser(self, page):
        """The edit form of `page` as its own editors would post it."""
        self.client.force_login(self.superuser)
        data = edit_form_data(self.client, page)
        self.client.logout()
        return data

    def test_molndals_editor_edits_and_publishes_molndals_contact_page(self):
        self.client.force_login(self.molndal_editor)
        page = self.contacts["molndal"]
        self.assertEqual(self.client.get(self.url("edit", page.pk)).status_code, 200)
        response = self.publish_from_editor(page, phone="070-174 06 77")
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(self.live_phone("molndal"), "070-174 06 77")
        # Members publish directly: no review workflow on their site.
        self.assertFalse(TaskState.objects.filter(status="in_progress").exists())
        site_page = self.client.get("/sv/kontakt/", HTTP_HOST="molndal.localhost")
        self.assertContains(site_page, "070-174 06 77")

    def test_molndals_editor_cannot_edit_grs_or_ales_contact_page(self):
        for slug in ("gr", "ale"):
            with self.subTest(site=slug):
                page = self.contacts[slug]
                data = self.form_as_superuser(page)
                data["phone"] = "070-174 06 99"
                data["action-publish"] = "action-publish"
                self.client.force_login(self.molndal_editor)
                self.assertForbidden(self.client.get(self.url("edit", page.pk)))
                self.assertForbidden(self.client.post(self.url("edit", page.pk), data))
                self.assertEqual(self.live_phone(slug), "070-174 06 50")

    def test_molndals_editor_may_add_the_pages_molndal_lacks_but_not_a_second(self):
        self.client.force_login(self.molndal_editor)
        home = self.molndal["home"].pk
        statement = reverse(
            "wagtailadmin_pages:add",
            args=["siteinfo", "accessibilitystatementpage", home],
        )
        self.assertEqual(self.client.get(statement).status_code, 200)
        contact = reverse(
            "wagtailadmin_pages:add", args=["siteinfo", "contactpage", home]
        )
        self.assertForbidden(self.client.get(contact))
        grs = reverse(
            "wagtailadmin_pages:add",
            args=["siteinfo", "accessibilitystatementpage", self.gr["home"].pk],
        )
        self.assertForbidden(self.client.get(grs))
        self.assertFalse(AccessibilityStatementPage.objects.exists())

    def test_grs_editor_submits_grs_contact_page_and_a_reviewer_publishes_it(self):
        page = self.contacts["gr"]
        self.client.force_login(self.gr_editor)
        data = edit_form_data(self.client, page)
        data["phone"] = "070-174 06 88"
        # Publishing directly is not theirs to do: nothing changes on the site.
        self.client.post(self.url("edit", page.pk), data | {"action-publish": "1"})
        self.assertEqual(self.live_phone("gr"), "070-174 06 50")
        response = self.client.post(
            self.url("edit", page.pk), data | {"action-submit": "action-submit"}
        )
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(self.live_phone("gr"), "070-174 06 50")
        task_state = TaskState.objects.get(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
        )
        self.assertEqual(task_state.task.name, GR_REVIEW_TASK)

        self.client = self.client_class()
        self.client.force_login(self.reviewer)
        url = self.url("workflow_action", page.pk, "approve", task_state.pk)
        self.assertEqual(self.client.post(url, {"comment": ""}).status_code, 302)
        self.assertEqual(self.live_phone("gr"), "070-174 06 88")
        # GR's own page stays GR's: approving shares nothing with the members.
        self.assertFalse(Page.objects.filter(alias_of=page).exists())

    def test_grs_reviewer_edits_and_publishes_grs_contact_page(self):
        self.client.force_login(self.reviewer)
        response = self.publish_from_editor(self.contacts["gr"], phone="070-174 06 66")
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(self.live_phone("gr"), "070-174 06 66")

    def test_grs_editor_and_reviewer_cannot_edit_a_members_contact_page(self):
        for user in (self.gr_editor, self.reviewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                page = self.contacts["molndal"]
                self.assertForbidden(self.client.get(self.url("edit", page.pk)))
