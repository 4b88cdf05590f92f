"""django-tasks-db's worker, with a heartbeat for the sharing backend.

Same options and behaviour as `django_tasks_db`'s db_worker (this app comes
first in INSTALLED_APPS, so this command is the one `manage.py db_worker`
runs). On the sharing backend, the worker also registers itself and beats
from a thread; at each beat it takes over what dead workers left
(pages/syndication/workers.py and recover()).
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from django_tasks_db.management.commands import db_worker

from pages import syndication
from pages.syndication.workers import Heartbeat


class Command(db_worker.Command):
    help = (
        "Kör bakgrundsjobben (django-tasks, databasen). Med --backend sharing "
        "delar den GR:s material med medlemskommunerna och tar över det en "
        "stoppad worker lämnade."
    )

    def handle(self, *args, backend_name: str, worker_id: str, **options) -> None:
        reloading_parent = (
            options["reload"]
            and not options["batch"]
            and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        )
        if backend_name != syndication.TASK_BACKEND or reloading_parent:
            # The autoreloader's parent runs no tasks: its child beats.
            super().handle(
                *args, backend_name=backend_name, worker_id=worker_id, **options
            )
            return
        heartbeat = Heartbeat(worker_id, syndication.recover)
        heartbeat.begin()
        try:
            super().handle(
                *args, backend_name=backend_name, worker_id=worker_id, **options
            )
        finally:
            heartbeat.end()
