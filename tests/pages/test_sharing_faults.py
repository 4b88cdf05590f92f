"""Sharing that survives its runner dying: takeover, recovery, one chain, history.

The real-process version (kill -9 of a running worker) is in
tests/pages/test_worker_kill.py; these tests set up the states a death
leaves behind and check that every way forward (the next task, a live
worker's heartbeat, `sync_shared`, "Dela igen nu") takes it over.
"""

import datetime
import subprocess
import sys
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pages import syndication
from pages.models import SharingSync, SharingWorker
from pages.models.sharing import HOSTNAME
from pages.permissions import GR_REVIEWERS, ensure_groups
from pages.permissions.definitions import MEMBER_EDITORS
from pages.syndication import claims, history, workers
from tests.pages.permission_cases import user_in
from tests.pages.sharing_cases import (
    MEMBERS,
    QueuedSharingCase,
    run_queued_sharing,
    sites_showing,
)


def a_dead_pid() -> int:
    """The pid of a process of this host that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def registered_worker(
    worker_id: str, last_beat: datetime.timedelta, **where
) -> SharingWorker:
    """A registered worker whose last beat was `last_beat` ago, on another
    host unless `where` says otherwise (hostname, pid)."""
    beat_at = timezone.now() - last_beat
    return SharingWorker.objects.create(
        worker_id=worker_id,
        **({"hostname": "another-host", "pid": 4242} | where),
        started_at=beat_at,
        beat_at=beat_at,
    )


SILENT = datetime.timedelta(minutes=5)


class SharingFaultTests(QueuedSharingCase):
    def claim_as(self, original, **fields) -> SharingSync:
        now = timezone.now()
        SharingSync.objects.filter(original=original).update(
            running_since=now, beat_at=now, **fields
        )
        return SharingSync.objects.get(original=original)

    def running_tasks(self):
        return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)

    def test_a_fan_out_whose_process_has_ended_is_taken_over_at_once(self):
        original = self.share()
        sync = self.claim_as(original, claimed_host=HOSTNAME, claimed_pid=a_dead_pid())
        self.assertFalse(sync.runner_alive())
        self.assertIn("avbröts", self.panel(original))
        self.assertIn("Dela igen nu", self.panel(original))
        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        self.assertFalse(SharingSync.objects.get(original=original).pending)

    def test_a_worker_that_stopped_beating_has_its_tasks_failed_and_work_requeued(
        self,
    ):
        original = self.share()
        [task] = self.queued_for(original)
        # Another host's worker took the task, then fell silent.
        registered_worker("w-dead", SILENT)
        task.claim("w-dead")
        self.claim_as(original, claimed_by="w-dead", claimed_host="another-host")

        recovered = syndication.recover()
        self.assertEqual(
            recovered,
            {"dead_workers": 1, "failed_tasks": 1, "released": 1, "queued": 1},
        )
        task.refresh_from_db()
        self.assertEqual(task.status, TaskResultStatus.FAILED)
        self.assertEqual(task.exception_class_path, workers.LOST_TASK_EXCEPTION)
        self.assertIsNotNone(SharingWorker.objects.get().stopped_at)
        # Recovering again changes nothing: one chain per page.
        self.assertEqual(syndication.recover()["queued"], 0)
        self.assertEqual(len(self.queued_for(original)), 1)

        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        self.assertFalse(self.running_tasks().exists())

    def test_a_live_worker_keeps_its_task_and_its_fan_out(self):
        original = self.share()
        [task] = self.queued_for(original)
        workers.register("w-live")
        task.claim("w-live")
        self.claim_as(original, claimed_by="w-live", claimed_host="another-host")
        self.assertEqual(
            syndication.recover(),
            {"dead_workers": 0, "failed_tasks": 0, "released": 0, "queued": 0},
        )
        self.assertEqual(self.running_tasks().count(), 1)
        self.assertTrue(SharingSync.objects.get(original=original).runner_alive())

    def test_a_task_of_an_unregistered_worker_gets_the_same_grace(self):
        original = self.share()
        [task] = self.queued_for(original)
        task.claim("an-older-worker")
        self.assertEqual(workers.fail_lost_tasks(syndication.TASK_BACKEND), 0)
        DBTaskResult.objects.filter(pk=task.pk).update(
            started_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        self.assertEqual(workers.fail_lost_tasks(syndication.TASK_BACKEND), 1)

    def test_publishing_again_and_again_while_no_worker_runs_queues_one_fan_out(
        self,
    ):
        original = self.share()
        for title in ("Två", "Tre", "Fyra"):
            original.title = title
            original.save_revision().publish()
        self.assertEqual(len(self.queued_for(original)), 1)
        self.assertEqual(run_queued_sharing(), 1)
        self.assertEqual(
            {alias.title for alias in Page.objects.filter(alias_of=original)},
            {"Fyra"},
        )

    def test_sync_shared_takes_over_a_dead_fan_out_and_finishes_it(self):
        original = self.share()
        [task] = self.queued_for(original)
        task.claim("w-gone")
        # This host's worker, beating until a moment ago; its process is gone.
        registered_worker(
            "w-gone", datetime.timedelta(0), hostname=HOSTNAME, pid=a_dead_pid()
        )
        self.claim_as(original, claimed_by="w-gone", claimed_host=HOSTNAME)
        call_command("sync_shared", stdout=mock.MagicMock())
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        task.refresh_from_db()
        self.assertEqual(task.status, TaskResultStatus.FAILED)
        self.assertFalse(SharingSync.objects.get(original=original).pending)
        # The re-queued task finds nothing left to do.
        run_queued_sharing()
        self.assertEqual(Page.objects.filter(alias_of=original).count(), 3)
        self.assertFalse(self.running_tasks().exists())

    def test_dela_igen_nu_takes_over_a_dead_fan_out(self):
        ensure_groups()
        reviewer = user_in("gr-granskare", GR_REVIEWERS)
        original = self.share()
        DBTaskResult.objects.all().delete()
        self.claim_as(original, claimed_host=HOSTNAME, claimed_pid=a_dead_pid())
        workers.register("a-running-worker")
        self.client.force_login(reviewer)
        response = self.client.post(reverse("pages_sharing_retry", args=[original.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(self.queued_for(original)), 1)
        run_queued_sharing()
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))

    def test_dela_igen_nu_with_no_worker_takes_over_and_shares_at_once(self):
        ensure_groups()
        reviewer = user_in("gr-granskare", GR_REVIEWERS)
        original = self.share()
        self.claim_as(original, claimed_host=HOSTNAME, claimed_pid=a_dead_pid())
        self.client.force_login(reviewer)
        self.client.post(reverse("pages_sharing_retry", args=[original.pk]))
        self.assertEqual(sites_showing(self, original, MEMBERS), set(MEMBERS))
        sync = SharingSync.objects.get(original=original)
        self.assertFalse(sync.pending)
        self.assertFalse(sync.running)


class TakeoverTests(QueuedSharingCase):
    def test_a_runner_taken_for_dead_stops_before_its_next_site(self):
        original = self.share()
        started = claims.claim(original, claims.Holder.here())
        # Another runner takes over (this one's beats were held up).
        SharingSync.objects.filter(original=original).update(
            running_since=timezone.now() + datetime.timedelta(seconds=1)
        )
        with self.assertRaises(claims.ClaimLost):
            syndication._fan_out(original.specific, started)
        self.assertFalse(Page.objects.filter(alias_of=original).exists())

    def test_sync_leaves_a_fan_out_taken_over_midway_to_the_new_runner(self):
        original = self.share()
        real_hold = claims.hold
        calls = []

        def taken_over_after_one_site(page, started):
            calls.append(page.pk)
            if len(calls) == 2:
                SharingSync.objects.filter(original=page).update(
                    running_since=timezone.now() + datetime.timedelta(seconds=1)
                )
            real_hold(page, started)

        with mock.patch.object(claims, "hold", taken_over_after_one_site):
            self.assertIsNone(syndication.sync(original.specific))
        self.assertEqual(Page.objects.filter(alias_of=original).count(), 1)
        # The claim is the new runner's: left alone.
        self.assertTrue(SharingSync.objects.get(original=original).running)

    def test_a_worker_never_takes_itself_for_dead_and_beats_back_to_life(self):
        registered_worker("w-self", SILENT)
        self.assertEqual(syndication.recover("w-self")["dead_workers"], 0)
        self.assertEqual(syndication.recover()["dead_workers"], 1)
        workers.beat("w-self")
        worker = SharingWorker.objects.get(worker_id="w-self")
        self.assertIsNone(worker.stopped_at)
        self.assertTrue(worker.alive())


class FanOutHistoryTests(QueuedSharingCase):
    """The members' page history names the fan-out's changes and GR's editor."""

    def test_the_history_of_a_members_copy_names_each_change_and_the_editor(self):
        ensure_groups()
        reviewer = user_in("gr-granskare", GR_REVIEWERS)
        reviewer.first_name, reviewer.last_name = "Greta", "Granskare"
        reviewer.save()
        member_editor = user_in(
            "molndal-redaktor", MEMBER_EDITORS.format(site_name="molndal")
        )
        original = self.share()
        original.save_revision(user=reviewer).publish(user=reviewer)
        run_queued_sharing()
        original.title = "Nytt namn"
        original.save_revision(user=reviewer).publish(user=reviewer)
        run_queued_sharing()

        alias = Page.objects.get(alias_of=original, url_path__startswith="/molndal/")
        entries = PageLogEntry.objects.filter(page=alias).order_by("timestamp")
        # Wagtail's own "wagtail.create" of the new page comes first.
        self.assertEqual(
            [entry.action for entry in entries if entry.action.startswith("pages.")],
            [history.CREATED, history.UPDATED],
        )
        # Done by the system, on behalf of GR's editor.
        self.assertEqual({entry.user_id for entry in entries}, {None})
        entries = entries.filter(action__startswith="pages.")
        self.assertEqual(entries[1].data["editor"], "Greta Granskare")

        self.client.force_login(member_editor)
        response = self.client.get(
            reverse("wagtailadmin_pages:history", args=[alias.pk])
        )
        self.assertEqual(response.status_code, 200, response.get("Location"))
        self.assertContains(response, "Uppdaterat från GR: ”Nytt namn”")
        self.assertContains(response, "publicerad av Greta Granskare")
        self.assertContains(response, "Delat från GR")
