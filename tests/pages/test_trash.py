"""Deleting a resource puts it in the trash; restoring brings it back whole:
revisions, translation, sharing settings, the members' opt-outs, and the
copies on all 13 member sites. Done as GR's reviewer and the members' editors
through the admin's own views."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Site

from pages import trash
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import (
    ArticlePage,
    SharingOptOut,
    SharingSync,
    TrashBin,
    TrashedPage,
)
from pages.permissions import GR_EDITORS, GR_REVIEWERS, ensure_groups
from pages.permissions.definitions import MEMBER_EDITORS
from pages.syndication import claims, history
from tests.api.utils import build_tree
from tests.factories import make_resource
from tests.localization.utils import english
from tests.pages.permission_cases import user_in
from tests.pages.worker_kill_scenario import MEMBERS


def site_name(slug: str) -> str:
    return f"Kommun {slug}"


class TrashTestCase(TestCase):
    """GR and its 13 members, GR's reviewer and editor, two members' editors,
    and one resource shared with every member, with an English translation,
    hidden by Mölndal."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.members = {
            slug: build_tree(slug, f"{slug}.localhost", is_hub=False)
            for slug in MEMBERS
        }
        for slug, tree in cls.members.items():
            Site.objects.filter(root_page=tree["home"]).update(
                site_name=site_name(slug)
            )
        ensure_groups()
        cls.reviewer = user_in("gr-granskare", GR_REVIEWERS)
        cls.gr_editor = user_in("gr-redaktor", GR_EDITORS)
        cls.molndal_editor = user_in(
            "molndal-redaktor", MEMBER_EDITORS.format(site_name=site_name("molndal"))
        )
        cls.superuser = get_user_model().objects.create_superuser("admin", password="x")
        cls.original = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], title="Delat", slug="delat"
        )
        cls.original.save_revision(user=cls.reviewer).publish(user=cls.reviewer)
        translated = cls.original.copy_for_translation(english(), copy_parents=True)
        for ancestor in translated.get_ancestors().filter(depth__gt=1, live=False):
            ancestor.specific.save_revision().publish()
        translated.title, translated.slug = "Shared", "shared"
        translated.save_revision().publish()
        cls.translation = Page.objects.get(pk=translated.pk)

    def aliases(self, page=None) -> dict[str, Page]:
        page = page or self.original
        return {
            alias.url_path.split("/")[1]: alias
            for alias in Page.objects.filter(alias_of=page, live=True)
        }

    def messages_of(self, response) -> list[str]:
        return [str(message) for message in get_messages(response.wsgi_request)]

    def hide_on_molndal(self):
        self.client.force_login(self.molndal_editor)
        alias = self.aliases()["molndal"]
        response = self.client.post(reverse("pages_sharing_hide", args=[alias.pk]))
        self.assertEqual(response.status_code, 302)

    def delete(self, page, user):
        self.client.force_login(user)
        return self.client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))

    def restore(self, page, user):
        self.client.force_login(user)
        batch = TrashedPage.objects.get(page=page).batch
        return self.client.post(reverse("pages_trash_restore", args=[batch]))


class DeleteAndRestoreTests(TrashTestCase):
    def test_delete_then_restore_brings_back_all_copies_and_the_opt_outs(self):
        self.hide_on_molndal()
        self.assertEqual(set(self.aliases()), set(MEMBERS) - {"molndal"})
        revisions = self.original.revisions.count()
        url_path = self.original.url_path

        # The confirmation names the 12 member sites that lose their copy.
        self.client.force_login(self.reviewer)
        response = self.client.get(
            reverse("wagtailadmin_pages:delete", args=[self.original.pk])
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "12 medlemskommuners webbplatser")
        self.assertContains(response, site_name("ale"))
        # Mölndal hid it: not in the list (only in the message about hiding).
        self.assertContains(response, "Kommun lilla-edet, Kommun ockero")
        self.assertContains(response, "papperskorgen")
        self.assertContains(response, "Shared")  # the translation goes too

        response = self.delete(self.original, self.reviewer)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            response["Location"],
            reverse("wagtailadmin_explore", args=[self.gr["otillaten-paverkan"].pk]),
        )
        original = Page.objects.get(pk=self.original.pk)
        self.assertFalse(original.live)
        self.assertTrue(trash.in_trash(original))
        self.assertTrue(trash.in_trash(Page.objects.get(pk=self.translation.pk)))
        self.assertFalse(Page.objects.filter(alias_of=self.original).exists())
        # Gone from every reader: GR's API and a member's.
        for host in ("localhost", "ale.localhost"):
            items = json.loads(
                self.client.get("/api/v1/resources/", HTTP_HOST=host).content
            )["items"]
            self.assertNotIn("Delat", [item["title"] for item in items])
        gone = self.client.get("/sv" + url_path[len("/gr") :])
        self.assertEqual(gone.status_code, 404, gone.get("Location"))

        # In the reviewer's trash; not in Mölndal's editor's.
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(reverse("pages_trash")), "Delat")
        self.client.force_login(self.molndal_editor)
        self.assertNotContains(self.client.get(reverse("pages_trash")), "Delat")
        self.assertEqual(
            self.restore(self.original, self.molndal_editor).status_code, 302
        )
        self.assertTrue(trash.in_trash(Page.objects.get(pk=self.original.pk)))

        response = self.restore(self.original, self.reviewer)
        self.assertEqual(response.status_code, 302)
        self.assertIn("återställt och publicerat igen", self.messages_of(response)[-1])
        original = Page.objects.get(pk=self.original.pk)
        self.assertTrue(original.live)
        self.assertEqual(original.url_path, url_path)
        self.assertEqual(original.revisions.count(), revisions)
        translation = Page.objects.get(pk=self.translation.pk)
        self.assertTrue(translation.live)
        self.assertEqual(translation.slug, "shared")
        self.assertFalse(trash.in_trash(translation))
        # The fan-out shared it again, and Mölndal's choice held.
        self.assertEqual(set(self.aliases()), set(MEMBERS) - {"molndal"})
        self.assertTrue(
            SharingOptOut.objects.filter(
                original=self.original, site__slug="molndal"
            ).exists()
        )
        self.assertFalse(TrashedPage.objects.exists())
        actions = PageLogEntry.objects.filter(page=self.original).values_list(
            "action", flat=True
        )
        self.assertIn(trash.TRASHED, actions)
        self.assertIn(trash.RESTORED, actions)

    def test_each_member_site_history_says_its_copy_was_deleted(self):
        ale_topic = self.members["ale"]["otillaten-paverkan"]
        self.delete(self.original, self.reviewer)
        entry = PageLogEntry.objects.get(page=ale_topic, action=history.DELETED)
        self.assertEqual(entry.user, self.reviewer)  # done in the reviewer's request
        self.assertEqual(
            PageLogEntry.objects.filter(action=history.DELETED).count(), len(MEMBERS)
        )
        self.client.force_login(self.molndal_editor)
        response = self.client.get(
            reverse(
                "wagtailadmin_pages:history",
                args=[self.members["molndal"]["otillaten-paverkan"].pk],
            )
        )
        self.assertContains(response, "Borttaget av GR: ”Delat”")
        self.assertContains(response, "gr-granskare")

    def test_unpublishing_the_original_is_in_each_copys_history(self):
        self.client.force_login(self.reviewer)
        response = self.client.post(
            reverse("wagtailadmin_pages:unpublish", args=[self.original.pk])
        )
        self.assertEqual(response.status_code, 302)
        alias = Page.objects.get(
            alias_of=self.original, url_path__startswith="/molndal/"
        )
        self.assertFalse(alias.live)
        self.assertEqual(
            PageLogEntry.objects.filter(action=history.WITHDRAWN).count(), len(MEMBERS)
        )
        self.client.force_login(self.molndal_editor)
        response = self.client.get(
            reverse("wagtailadmin_pages:history", args=[alias.pk])
        )
        self.assertContains(response, "Avpublicerat av GR: ”Delat” visas inte längre")

    def test_restored_slug_that_was_taken_meanwhile_gets_a_number(self):
        topic = self.gr["otillaten-paverkan"]
        self.delete(self.original, self.reviewer)
        make_resource(ArticlePage, topic, title="Ny", slug="delat", share_with="none")
        self.restore(self.original, self.reviewer)
        self.assertEqual(Page.objects.get(pk=self.original.pk).slug, "delat-2")

    def test_restore_refuses_when_the_place_is_gone_and_changes_nothing(self):
        self.delete(self.original, self.reviewer)
        topic = self.gr["otillaten-paverkan"]
        self.delete(topic, self.superuser)  # a topic is deleted, not trashed
        self.assertFalse(Page.objects.filter(pk=topic.pk).exists())
        response = self.restore(self.original, self.superuser)
        self.assertIn(
            "platsen där det låg finns inte längre", self.messages_of(response)[-1]
        )
        self.assertTrue(trash.in_trash(Page.objects.get(pk=self.original.pk)))
        self.assertTrue(TrashedPage.objects.filter(page=self.original).exists())


class WhoMayTrashTests(TrashTestCase):
    def test_a_member_editor_trashes_and_restores_their_own_material(self):
        topic = self.members["molndal"]["samverkan"]
        local = make_resource(
            ArticlePage, topic, title="Eget", slug="eget", share_with="none"
        )
        response = self.delete(local, self.molndal_editor)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(trash.in_trash(Page.objects.get(pk=local.pk)))
        self.client.force_login(self.molndal_editor)
        self.assertContains(self.client.get(reverse("pages_trash")), "Eget")
        self.restore(local, self.molndal_editor)
        restored = Page.objects.get(pk=local.pk)
        self.assertTrue(restored.live)
        self.assertEqual(restored.get_parent().pk, topic.pk)

    def test_a_gr_editors_draft_comes_back_as_a_draft(self):
        draft = make_resource(
            ArticlePage,
            self.gr["samverkan"],
            publish=False,
            title="Utkast",
            slug="utkast",
            owner=self.gr_editor,
        )
        self.assertEqual(self.delete(draft, self.gr_editor).status_code, 302)
        self.assertTrue(trash.in_trash(Page.objects.get(pk=draft.pk)))
        self.restore(draft, self.gr_editor)
        restored = Page.objects.get(pk=draft.pk)
        self.assertFalse(trash.in_trash(restored))
        self.assertFalse(restored.live)

    def test_a_scheduled_publish_does_not_bring_a_trashed_page_back(self):
        revision = self.original.save_revision(user=self.reviewer)
        revision.approved_go_live_at = timezone.now() + datetime.timedelta(hours=1)
        revision.save()
        self.delete(self.original, self.reviewer)
        self.assertFalse(
            self.original.revisions.exclude(approved_go_live_at=None).exists()
        )

    def test_a_fan_out_running_while_it_is_trashed_stops_before_its_next_site(self):
        started = timezone.now()
        SharingSync.objects.update_or_create(
            original=self.original,
            defaults={"requested_at": started, "running_since": started},
        )
        self.delete(self.original, self.reviewer)
        with self.assertRaises(claims.ClaimLost):
            claims.hold(self.original, started)
        self.assertFalse(SharingSync.objects.get(original=self.original).pending)

    def test_only_a_superuser_deletes_for_good(self):
        self.delete(self.original, self.reviewer)
        batch = TrashedPage.objects.get(page=self.original).batch
        self.client.force_login(self.reviewer)
        self.client.post(reverse("pages_trash_purge", args=[batch]))
        self.assertTrue(Page.objects.filter(pk=self.original.pk).exists())
        self.client.force_login(self.superuser)
        self.client.post(reverse("pages_trash_purge", args=[batch]))
        self.assertFalse(Page.objects.filter(pk=self.original.pk).exists())
        self.assertFalse(TrashedPage.objects.exists())

    def test_bulk_delete_of_shared_material_is_refused(self):
        self.client.force_login(self.reviewer)
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id={self.original.pk}"
        )
        response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Page.objects.get(pk=self.original.pk).live)
        self.assertIn("Inget togs bort", self.messages_of(response)[0])


class EmptyTrashTests(TrashTestCase):
    def test_empty_trash_deletes_only_what_is_past_the_retention_period(self):
        old = make_resource(
            ArticlePage, self.gr["samverkan"], title="Gammal", slug="gammal",
            share_with="none",
        )  # fmt: skip
        self.delete(old, self.reviewer)
        self.delete(self.original, self.reviewer)
        TrashedPage.objects.filter(page=old).update(
            trashed_at=timezone.now() - datetime.timedelta(days=31)
        )
        call_command("empty_trash", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertFalse(Page.objects.filter(pk=old.pk).exists())
        self.assertTrue(Page.objects.filter(pk=self.original.pk).exists())
        self.assertEqual(TrashBin.objects.count(), 1)
