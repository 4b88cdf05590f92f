"""Deleting or unpublishing GR's shared material says which member sites
lose their copies with it."""

from tests.pages.permission_cases import PermissionTestCase


class MemberCopiesWarningTests(PermissionTestCase):
    def setUp(self):
        # A reviewer: GR's editors may not delete or unpublish live material.
        self.client.force_login(self.reviewer)

    def test_deleting_a_shared_original_names_the_member_sites(self):
        response = self.client.get(self.url("delete", self.original.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ale kommun, Mölndals stad")
        self.assertContains(response, "2 medlemskommuners webbplatser")

    def test_unpublishing_it_says_the_same(self):
        response = self.client.get(self.url("unpublish", self.original.pk))
        self.assertContains(response, "Ale kommun, Mölndals stad")

    def test_deleting_a_topic_counts_the_shared_material_below_it(self):
        # Only an administrator deletes a whole section (no bulk_delete).
        self.client.force_login(self.superuser)
        response = self.client.get(self.url("delete", self.gr["otillaten-paverkan"].pk))
        self.assertContains(response, "Mölndals stad")

    def test_a_members_own_page_has_no_such_warning(self):
        self.client.force_login(self.molndal_editor)
        response = self.client.get(self.url("delete", self.local.pk))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "medlemskommun")
