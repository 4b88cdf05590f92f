"""The sharing workers: their heartbeats, and what a dead one leaves behind.

Each `manage.py db_worker --backend sharing` registers itself (SharingWorker)
and beats every SHARING_WORKER_HEARTBEAT seconds from a thread beside its
task loop (pages/management/commands/db_worker.py). A worker is dead when it
stopped, when its process is gone from its host, or when it has missed
three beats. Every live worker checks, at each beat, for what a dead one
left: its running tasks are marked failed (django-tasks would leave them
RUNNING for ever), the fan-outs it claimed are released and queued again
(pages/syndication/__init__.py, recover).
"""

import datetime
import logging
import os
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections
from django.db.models import QuerySet
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pages.models import SharingWorker
from pages.models.sharing import HOSTNAME, worker_dead_after

logger = logging.getLogger(__name__)

# How a task that died with its worker is marked (DBTaskResult).
LOST_TASK_EXCEPTION = "pages.syndication.workers.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


def heartbeat_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SHARING_WORKER_HEARTBEAT)


def alive_workers() -> QuerySet:
    """Workers that have beaten lately and not stopped (on any host)."""
    return SharingWorker.objects.alive()


def register(worker_id: str) -> SharingWorker:
    now = timezone.now()
    worker, _ = SharingWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": HOSTNAME,
            "pid": os.getpid(),
            "started_at": now,
            "beat_at": now,
            "stopped_at": None,
        },
    )
    return worker


def beat(worker_id: str) -> None:
    """A heartbeat. A worker another took for dead (its beats held up for
    too long) is alive again; what it was running was taken over, and it
    leaves that to the new runner (claims.py, ClaimLost)."""
    worker = SharingWorker.objects.filter(worker_id=worker_id)
    if worker.filter(stopped_at__isnull=False).exists():
        logger.warning("Sharing worker %s was taken for dead; beating again", worker_id)
    worker.update(beat_at=timezone.now(), stopped_at=None)


def stop(worker_id: str) -> None:
    SharingWorker.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def bury_dead_workers(self_id: str = "") -> list[str]:
    """Mark the workers that died without stopping as stopped; their ids.
    `self_id` is the worker asking, which is alive whatever its beats say."""
    now = timezone.now()
    dead = [
        worker
        for worker in SharingWorker.objects.filter(stopped_at__isnull=True).exclude(
            worker_id=self_id
        )
        if not worker.alive(now)
    ]
    for worker in dead:
        logger.error(
            "Sharing worker %s (pid %s on %s) died: no heartbeat since %s",
            worker.worker_id,
            worker.pid,
            worker.hostname,
            worker.beat_at.isoformat(),
        )
        SharingWorker.objects.filter(pk=worker.pk).update(stopped_at=worker.beat_at)
    return [worker.worker_id for worker in dead]


def fail_lost_tasks(backend_name: str, self_id: str = "") -> int:
    """Mark as failed the RUNNING tasks whose worker is dead; how many.

    A task claimed by a worker that was never registered (an older worker
    command) is given the same grace as a missed heartbeat.
    """
    now = timezone.now()
    running = list(
        DBTaskResult.objects.filter(
            backend_name=backend_name, status=TaskResultStatus.RUNNING
        )
    )
    last_worker = {task.pk: (task.worker_ids or ["?"])[-1] for task in running}
    workers = SharingWorker.objects.filter(worker_id__in=set(last_worker.values()))
    by_id = {worker.worker_id: worker for worker in workers}
    lost = 0
    for task in running:
        if last_worker[task.pk] == self_id:
            continue
        worker = by_id.get(last_worker[task.pk])
        if worker is not None:
            dead = not worker.alive(now)
        else:
            dead = (
                task.started_at is None or task.started_at < now - worker_dead_after()
            )
        if not dead:
            continue
        lost += DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=LOST_TASK_EXCEPTION,
            traceback=(
                f"WorkerLost: the worker {last_worker[task.pk]} stopped "
                "during this task."
            ),
        )
        logger.error(
            "Task %s (%s) failed: its worker %s stopped during it",
            task.pk,
            task.task_path,
            last_worker[task.pk],
        )
    return lost


class Heartbeat(threading.Thread):
    """Beats for one worker, and runs `tick(worker_id)` (the recovery) at
    each beat."""

    def __init__(self, worker_id: str, tick: Callable[[str], object]) -> None:
        super().__init__(name=f"sharing-heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.tick = tick
        self._stopped = threading.Event()

    def begin(self) -> None:
        """Register, recover what dead workers left, then beat in the background."""
        register(self.worker_id)
        self._safely(lambda: self.tick(self.worker_id))
        self.start()

    def run(self) -> None:
        interval = heartbeat_interval().total_seconds()
        while not self._stopped.wait(interval):
            close_old_connections()
            self._safely(lambda: beat(self.worker_id))
            self._safely(lambda: self.tick(self.worker_id))
        close_old_connections()

    def end(self) -> None:
        self._stopped.set()
        if self.is_alive():
            self.join(timeout=heartbeat_interval().total_seconds() + 5)
        stop(self.worker_id)

    def _safely(self, step: Callable[[], object]) -> None:
        # A database that is briefly away must not end the heartbeat.
        try:
            step()
        except Exception:
            logger.exception("Sharing worker %s: heartbeat step failed", self.worker_id)
