"""The fan-out as production runs it: queued in the database, run by a worker.

A publish records the intent and queues one task; the member sites change
only when the worker runs it. A failure at one site, or of the whole task,
never loses what the publish asked for.
"""

import datetime
import json
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, SharingFailure, SharingSync
from pages.syndication import claims, resources, workers
from tests.api.utils import build_tree
from tests.factories import edit_form_data, make_resource
from tests.pages.sharing_cases import (
    MEMBERS,
    QUEUED_SHARING,
    QueuedSharingCase,
    run_queued_sharing,
    sites_showing,
    titles_on,
)
from tests.transactional import MigratedTransactionTestCase


class QueuedSharingTests(QueuedSharingCase):
    def test_publish_queues_the_fan_out_and_the_worker_carries_it_out(self):
        original = self.share()
        # The publish itself changed no member site; it left a task behind.
        self.assertEqual(sites_showing(self, original, MEMBERS), set())
        self.assertEqual(len(self.queued_for(original)), 1)
        self.assertTrue(SharingSync.objects.get(original=original).pending)
        self.assertIn("väntar på att starta", self.panel(original))

        self.assertEqual(run_queued_sharing(), 1)
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        sync = SharingSync.objects.get(original=original)
        self.assertFalse(sync.pending)
        self.assertIn(
            "Senast synkroniserat med medlemskommunerna", self.panel(original)
        )

    def test_a_republish_reaches_the_members_when_the_worker_runs(self):
        original = self.share()
        run_queued_sharing()
        original.title = "Nytt namn"
        original.save_revision().publish()
        self.assertEqual(set(titles_on(self, original, MEMBERS).values()), {"Delat"})
        alias = Page.objects.filter(alias_of=original).first()
        self.client.force_login(self.admin)
        page = self.client.get(reverse("wagtailadmin_pages:edit", args=[alias.pk]))
        self.assertContains(page, "En nyare version publicerades")
        run_queued_sharing()
        self.assertEqual(
            titles_on(self, original, MEMBERS), dict.fromkeys(MEMBERS, "Nytt namn")
        )
        page = self.client.get(reverse("wagtailadmin_pages:edit", args=[alias.pk]))
        self.assertContains(page, "Senast synkroniserat")

    def test_publishing_from_the_admin_says_the_sharing_runs_in_the_background(self):
        original = self.share()
        run_queued_sharing()
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:edit", args=[original.pk])
        data = edit_form_data(self.client, original)
        data["title"] = "Delat, ändrat"
        data["action-publish"] = "action-publish"
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "delas med medlemskommunerna i bakgrunden")
        self.assertEqual(len(self.queued_for(original)), 1)

    def test_a_failing_site_neither_blocks_the_others_nor_loses_its_share(self):
        share = resources._share_to_site

        def fail_for_ale(site, plan):
            if site.slug == "ale":
                raise RuntimeError("disken är full")
            return share(site, plan)

        original = self.share()
        with mock.patch.object(resources, "_share_to_site", side_effect=fail_for_ale):
            run_queued_sharing()
        self.assertEqual(
            sites_showing(self, original, MEMBERS), {"molndal", "partille"}
        )
        failure = SharingFailure.objects.get(original=original)
        self.assertEqual(failure.site.slug, "ale")
        self.assertIn("disken är full", failure.message)
        html = self.panel(original)
        self.assertIn("Kunde inte dela till ale", html)
        self.assertIn("Dela igen nu", html)
        self.assertTrue(Page.objects.get(pk=original.pk).live)

        original.save_revision().publish()  # the next publish tries Ale again
        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        self.assertFalse(SharingFailure.objects.filter(original=original).exists())

    def test_a_fan_out_that_crashes_stays_pending_until_it_is_run_again(self):
        original = self.share()
        with mock.patch.object(
            resources,
            "target_sites",
            side_effect=RuntimeError("databasen svarar inte"),
        ):
            run_queued_sharing()
        [task] = DBTaskResult.objects.filter(args_kwargs__args=[original.pk])
        self.assertEqual(task.status, TaskResultStatus.FAILED)
        sync = SharingSync.objects.get(original=original)
        self.assertTrue(sync.pending)
        self.assertFalse(sync.running)
        self.assertIn("Dela igen nu", self.panel(original))
        self.assertEqual(sites_showing(self, original, MEMBERS), set())

        # An operator (or a timer) runs what never finished, there and then.
        call_command("sync_shared", stdout=mock.MagicMock())
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        self.assertFalse(SharingSync.objects.get(original=original).pending)
        self.assertEqual(self.queued_for(original), [])

    def test_sync_shared_can_leave_the_work_to_the_worker(self):
        original = self.share()
        DBTaskResult.objects.all().delete()  # as if the queue had been lost
        call_command("sync_shared", "--queue", stdout=mock.MagicMock())
        self.assertEqual(len(self.queued_for(original)), 1)
        self.assertEqual(sites_showing(self, original, MEMBERS), set())
        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        self.assertFalse(SharingSync.objects.get(original=original).pending)

    def test_an_editor_can_queue_a_stuck_share_again_from_the_admin(self):
        original = self.share()
        DBTaskResult.objects.all().delete()  # as if the queue had been lost
        workers.register("a-running-worker")
        self.client.force_login(self.admin)
        response = self.client.post(reverse("pages_sharing_retry", args=[original.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(self.queued_for(original)), 1)
        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))

    def test_with_no_worker_running_dela_igen_nu_shares_there_and_then(self):
        original = self.share()
        self.assertIn("Ingen delningsprocess är igång", self.panel(original))
        response = self.client.post(reverse("pages_sharing_retry", args=[original.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        self.assertFalse(SharingSync.objects.get(original=original).pending)
        self.assertNotIn("Ingen delningsprocess är igång", self.panel(original))

    def test_retrying_needs_a_post_and_publish_permission(self):
        original = self.share()
        url = reverse("pages_sharing_retry", args=[original.pk])
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(url).status_code, 405)
        outsider = get_user_model().objects.create_user("utomstaende", password="x")
        outsider.user_permissions.add(
            *outsider.user_permissions.model.objects.filter(codename="access_admin")
        )
        self.client.force_login(outsider)
        DBTaskResult.objects.all().delete()
        self.client.post(url)
        self.assertEqual(self.queued_for(original), [])

    def test_a_second_worker_leaves_a_running_fan_out_alone_and_comes_back(self):
        original = self.share()
        # A live runner (this very process) holds the fan-out.
        started = claims.claim(original, claims.Holder.here())
        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set())
        # No second chain of retries: the runner comes back to it itself.
        self.assertEqual(self.queued_for(original), [])
        original.save_revision().publish()
        run_queued_sharing()
        self.assertEqual(self.queued_for(original), [])
        # Asked for again since it started: the runner goes round once more.
        again = claims.finish(original, started)
        self.assertIsNotNone(again)
        self.assertIsNone(claims.finish(original, again))
        self.assertFalse(SharingSync.objects.get(original=original).running)

    def test_a_fan_out_left_running_by_a_dead_worker_is_taken_over(self):
        original = self.share()
        SharingSync.objects.filter(original=original).update(
            running_since=timezone.now() - datetime.timedelta(hours=2)
        )
        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))

    def test_the_publish_costs_the_same_queries_for_three_members_or_six(self):
        def publish_queries(slug) -> int:
            page = make_resource(
                ArticlePage, self.gr["samverkan"], publish=False, slug=slug
            )
            revision = page.save_revision()
            with CaptureQueriesContext(connection) as queries:
                revision.publish()
            return len(queries)

        publish_queries("uppvarmning-1")  # caches filled, as in a running server
        three = publish_queries("tre")
        for slug in ("kungalv", "lerum", "tjorn"):
            build_tree(slug, f"{slug}.localhost", is_hub=False)
        publish_queries("uppvarmning-2")
        six = publish_queries("sex")
        self.assertEqual(three, six)
        run_queued_sharing()
        # The worker shares with the members there are when it runs: six each.
        self.assertEqual(
            Page.objects.filter(alias_of__slug__in=["tre", "sex"], live=True).count(),
            12,
        )

    def test_deleting_takes_the_aliases_off_line_at_once_and_the_worker_deletes_them(
        self,
    ):
        original = self.share()
        run_queued_sharing()
        alias_ids = list(
            Page.objects.filter(alias_of=original).values_list("pk", flat=True)
        )
        Page.objects.get(pk=original.pk).delete()
        # Off line everywhere before the worker has run ...
        for slug in MEMBERS:
            response = self.client.get("/api/v1/resources/", {"site": slug})
            self.assertEqual(json.loads(response.content)["count"], 0)
        self.assertFalse(Page.objects.filter(pk__in=alias_ids, live=True).exists())
        # ... and gone, not turned into copies, once it has.
        run_queued_sharing()
        self.assertFalse(Page.objects.filter(pk__in=alias_ids).exists())
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))


@QUEUED_SHARING
class WorkerOutsideATestTransactionTests(MigratedTransactionTestCase):
    def test_the_worker_step_claims_in_a_transaction_of_its_own(self):
        """`make bench` runs the queue outside any test transaction, where
        PostgreSQL refuses the worker's row lock unless the claim has a
        transaction of its own (it aborted the sharing benchmark there)."""
        remove_wagtail_welcome_page()
        gr = build_tree("gr", "localhost", is_hub=True)
        build_tree("ale", "ale.localhost", is_hub=False)
        run_queued_sharing()
        original = make_resource(
            ArticlePage, gr["samverkan"], title="Delat", slug="delat"
        )
        self.assertFalse(original.aliases.exists())
        self.assertGreaterEqual(run_queued_sharing(), 1)
        self.assertEqual(original.aliases.filter(live=True).count(), 1)
