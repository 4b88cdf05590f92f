"""Who may change what: the permission matrix and the admin's refusals.

Material shared from GR reaches the members as aliases, which the members'
editors may not edit, convert, move, unpublish or delete (only hide).
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page

from pages import trash
from pages.permissions import (
    GR_EDITORS,
    SHARED_ALIAS_MESSAGE,
    SHARED_DESCENDANTS_MESSAGE,
    refusal,
)
from tests.factories import form_errors
from tests.pages.permission_cases import MOLNDAL_EDITORS, PermissionTestCase, user_in


class PermissionMatrixTests(PermissionTestCase):
    """page.permissions_for_user per group: what Wagtail offers and allows."""

    ACTIONS = ("edit", "publish", "delete", "move", "unpublish")
    NOTHING = (False, False, False, False, False)
    EVERYTHING = (True, True, True, True, True)

    def test_permission_matrix(self):
        matrix = {
            # GR's editors submit to review (ReviewWorkflowTests); a live
            # page they may edit but not publish, withdraw or remove.
            "gr-redaktor": {
                "original": (True, False, False, False, False),
                "alias": self.NOTHING,
                "local": self.NOTHING,
                "ale_local": self.NOTHING,
            },
            "gr-granskare": {
                "original": self.EVERYTHING,
                "alias": self.NOTHING,
                "local": self.NOTHING,
                "ale_local": self.NOTHING,
            },
            "molndal-redaktor": {
                "original": self.NOTHING,
                # Mölndal's editors may open the alias (to hide it), nothing more.
                "alias": (True, False, False, False, False),
                "local": self.EVERYTHING,
                "ale_local": self.NOTHING,
            },
            "ale-redaktor": {
                "original": self.NOTHING,
                "alias": self.NOTHING,
                "local": self.NOTHING,
                "ale_local": self.EVERYTHING,
            },
            "admin": dict.fromkeys(("original", "alias"), self.EVERYTHING),
        }
        pages = {
            "original": self.original,
            "alias": self.alias,
            "local": self.local,
            "ale_local": self.ale_local,
        }
        for username, row in matrix.items():
            user = get_user_model().objects.get(username=username)
            for page_name, expected in row.items():
                with self.subTest(user=username, page=page_name):
                    # A plain Page, as Wagtail's listings and views load it.
                    page = Page.objects.get(pk=pages[page_name].pk)
                    perms = page.permissions_for_user(user)
                    self.assertEqual(
                        tuple(getattr(perms, f"can_{a}")() for a in self.ACTIONS),
                        expected,
                    )

    def test_sharing_rule_refuses_member_editors_only(self):
        self.assertEqual(refusal(self.molndal_editor, self.alias), SHARED_ALIAS_MESSAGE)
        self.assertEqual(refusal(self.ale_editor, self.ale_alias), SHARED_ALIAS_MESSAGE)
        self.assertIsNone(refusal(self.gr_editor, self.alias))
        self.assertIsNone(refusal(self.superuser, self.alias))
        self.assertIsNone(refusal(self.molndal_editor, self.local))
        self.assertIsNone(refusal(self.molndal_editor, self.molndal["samverkan"]))
        self.assertEqual(
            refusal(
                self.molndal_editor,
                self.molndal["otillaten-paverkan"],
                include_descendants=True,
            ),
            SHARED_DESCENDANTS_MESSAGE,
        )


class MemberEditorAdminTests(PermissionTestCase):
    def setUp(self):
        self.client.force_login(self.molndal_editor)

    def test_member_editor_can_edit_and_publish_its_own_local_page(self):
        self.assertEqual(
            self.client.get(self.url("edit", self.local.pk)).status_code, 200
        )
        response = self.publish_from_editor(self.local, title="Lokalt, uppdaterat")
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.local.refresh_from_db()
        self.assertEqual(self.local.title, "Lokalt, uppdaterat")
        self.assertTrue(self.local.live)

    def test_member_editor_can_delete_its_own_local_page(self):
        response = self.client.post(self.url("delete", self.local.pk))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(trash.in_trash(Page.objects.get(pk=self.local.pk)))

    def test_member_editor_cannot_edit_grs_original(self):
        self.assertForbidden(self.client.get(self.url("edit", self.original.pk)))
        self.assertForbidden(
            self.client.post(self.url("edit", self.original.pk), {"title": "Kapat"})
        )
        self.original.refresh_from_db()
        self.assertEqual(self.original.title, "Delat material")

    def test_member_editor_cannot_edit_or_delete_another_members_page(self):
        self.assertForbidden(self.client.get(self.url("edit", self.ale_local.pk)))
        self.assertForbidden(self.client.post(self.url("delete", self.ale_local.pk)))
        self.assertTrue(Page.objects.filter(pk=self.ale_local.pk).exists())

    def test_member_editor_sees_the_alias_with_hide_but_cannot_change_it(self):
        response = self.client.get(self.url("edit", self.alias.pk))
        self.assertContains(response, "Dölj på vår webbplats")
        self.assertNotContains(response, "Redigera originalet")
        self.assertNotContains(response, self.url("convert_alias", self.alias.pk))
        response = self.client.post(
            self.url("edit", self.alias.pk), {"title": "Ändrad"}
        )
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertEqual(
            response["Location"],
            reverse(
                "wagtailadmin_explore", args=[self.molndal["otillaten-paverkan"].pk]
            ),
        )
        self.assertAliasUnchanged()

    def test_member_editor_can_hide_the_shared_alias_on_its_own_site(self):
        response = self.client.post(reverse("pages_sharing_hide", args=[self.alias.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk=self.alias.pk).exists())
        self.assertTrue(
            self.original.sharing_opt_outs.filter(site__slug="molndal").exists()
        )

    def test_member_editor_cannot_convert_the_shared_alias_into_a_local_page(self):
        self.assertRefusedWith(
            self.client.get(self.url("convert_alias", self.alias.pk)),
            SHARED_ALIAS_MESSAGE,
        )
        response = self.client.post(self.url("convert_alias", self.alias.pk))
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()

    def test_member_editor_cannot_delete_move_unpublish_or_copy_the_alias(self):
        urls = [
            self.url("delete", self.alias.pk),
            self.url("move", self.alias.pk),
            self.url("unpublish", self.alias.pk),
            self.url("copy", self.alias.pk),
        ]
        for url in urls:
            with self.subTest(url=url):
                # Not even the confirmation page: Wagtail's own permission check.
                self.assertForbidden(self.client.get(url))
                self.assertForbidden(self.client.post(url))
        # Wagtail checks only the destination here; the sharing hook refuses.
        url = self.url("move_confirm", self.alias.pk, self.molndal["samverkan"].pk)
        self.assertRefusedWith(self.client.get(url), SHARED_ALIAS_MESSAGE)
        self.assertRefusedWith(self.client.post(url), SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()
        self.assertEqual(Page.objects.filter(alias_of=self.original).count(), 2)

    def test_the_alias_offers_member_editors_no_actions_but_hiding(self):
        response = self.client.get(
            reverse("wagtailadmin_explore", args=[self.alias.get_parent().pk])
        )
        self.assertEqual(response.status_code, 200)
        for name in ("delete", "move", "unpublish", "copy"):
            with self.subTest(action=name):
                self.assertNotContains(response, self.url(name, self.alias.pk))
        self.assertContains(response, self.url("edit", self.alias.pk))

    def test_member_editor_cannot_move_its_topic_that_holds_shared_material(self):
        topic = self.molndal["otillaten-paverkan"]
        destination = self.molndal["trygghetsskapande"]
        response = self.client.post(self.url("move_confirm", topic.pk, destination.pk))
        self.assertRefusedWith(response, SHARED_DESCENDANTS_MESSAGE)
        self.assertEqual(
            Page.objects.get(pk=topic.pk).get_parent().pk,
            self.molndal["motverka-brott"].pk,
        )
        self.assertAliasUnchanged()

    def bulk(self, action: str, pages, data=None):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        query = "&".join(f"id={page.pk}" for page in pages)
        return self.client.post(f"{url}?{query}", data or {})

    def test_bulk_delete_leaves_the_shared_alias_and_deletes_the_rest(self):
        # Wagtail's bulk actions skip what the user may not change.
        response = self.bulk("delete", [self.local, self.alias])
        self.assertEqual(response.status_code, 302)
        self.assertAliasUnchanged()
        self.assertTrue(trash.in_trash(Page.objects.get(pk=self.local.pk)))

    def test_bulk_move_and_unpublish_leave_the_shared_alias_alone(self):
        destination = self.molndal["samverkan"]
        for action, data in [("move", {"chooser": destination.pk}), ("unpublish", {})]:
            with self.subTest(action=action):
                response = self.bulk(action, [self.alias], data)
                self.assertEqual(response.status_code, 302)
                self.assertAliasUnchanged()

    def test_bulk_move_of_a_topic_holding_shared_material_is_refused(self):
        topic = self.molndal["otillaten-paverkan"]
        destination = self.molndal["trygghetsskapande"]
        response = self.bulk("move", [topic], {"chooser": destination.pk})
        self.assertRefusedWith(response, SHARED_DESCENDANTS_MESSAGE)
        self.assertEqual(
            Page.objects.get(pk=topic.pk).get_parent().pk,
            self.molndal["motverka-brott"].pk,
        )
        self.assertAliasUnchanged()

    def test_bulk_delete_of_local_pages_still_works(self):
        response = self.bulk("delete", [self.local])
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(str(SHARED_ALIAS_MESSAGE), self.messages_of(response))
        self.assertTrue(trash.in_trash(Page.objects.get(pk=self.local.pk)))


class GrAndSuperuserAdminTests(PermissionTestCase):
    def test_gr_reviewer_can_edit_and_publish_the_original_and_aliases_follow(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(
            self.client.get(self.url("edit", self.original.pk)).status_code, 200
        )
        response = self.publish_from_editor(self.original, title="Nytt namn")
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(Page.objects.get(pk=self.original.pk).title, "Nytt namn")
        self.assertEqual(Page.objects.get(pk=self.alias.pk).title, "Nytt namn")

    def test_gr_editor_cannot_edit_a_members_local_page(self):
        self.client.force_login(self.gr_editor)
        self.assertForbidden(self.client.get(self.url("edit", self.local.pk)))

    def test_gr_editor_with_a_members_tree_may_convert_the_alias(self):
        both = user_in("gr-och-molndal", GR_EDITORS, MOLNDAL_EDITORS)
        self.client.force_login(both)
        response = self.client.post(self.url("convert_alias", self.alias.pk))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(str(SHARED_ALIAS_MESSAGE), self.messages_of(response))
        self.assertIsNone(Page.objects.get(pk=self.alias.pk).alias_of_id)

    def test_superuser_may_open_move_and_delete_the_alias(self):
        self.client.force_login(self.superuser)
        self.assertEqual(
            self.client.get(self.url("edit", self.alias.pk)).status_code, 200
        )
        destination = self.molndal["samverkan"]
        response = self.client.post(
            self.url("move_confirm", self.alias.pk, destination.pk)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Page.objects.get(pk=self.alias.pk).get_parent().pk, destination.pk
        )
        response = self.client.post(self.url("delete", self.alias.pk))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk=self.alias.pk).exists())
