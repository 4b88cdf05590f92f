"""The "Dela med" tab: on GR's pages only, the members named by their names."""

import re

from tests.pages.permission_cases import PermissionTestCase


class SharingTabTests(PermissionTestCase):
    def tab_labels(self, response) -> list[str]:
        return re.findall(r'role="tab"[^>]*>\s*([^<]+?)\s*<', response.content.decode())

    def site_choices(self, response) -> list[str]:
        field = response.context["form"]["share_sites"].field
        return [label for _value, label in field.choices]

    def test_gr_editor_sees_the_members_by_name_and_not_gr(self):
        self.client.force_login(self.gr_editor)
        response = self.client.get(self.url("edit", self.original.pk))
        self.assertIn("Dela med", self.tab_labels(response))
        self.assertEqual(self.site_choices(response), ["Ale kommun", "Mölndals stad"])
        self.assertNotIn(">molndal<", response.content.decode())

    def test_a_new_gr_page_has_the_tab(self):
        self.client.force_login(self.gr_editor)
        response = self.client.get(
            self.url("add", "pages", "articlepage", self.gr["samverkan"].pk)
        )
        self.assertIn("Dela med", self.tab_labels(response))

    def test_a_members_own_pages_have_no_sharing_tab(self):
        self.client.force_login(self.molndal_editor)
        for response in (
            self.client.get(self.url("edit", self.local.pk)),
            self.client.get(
                self.url("add", "pages", "articlepage", self.molndal["samverkan"].pk)
            ),
        ):
            with self.subTest(url=response.wsgi_request.path):
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Dela med", self.tab_labels(response))
                self.assertNotContains(response, 'name="share_with"')

    def test_a_member_still_publishes_its_page_without_the_sharing_fields(self):
        self.client.force_login(self.molndal_editor)
        response = self.publish_from_editor(self.local, title="Utan delning")
        self.assertEqual(response.status_code, 302)
        self.local.refresh_from_db()
        self.assertEqual(self.local.title, "Utan delning")
