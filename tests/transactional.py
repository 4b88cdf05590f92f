"""Transactional tests that start from the migrated database."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django.test import TransactionTestCase


class MigratedTransactionTestCase(TransactionTestCase):
    """TransactionTestCase that keeps the migrations' data (roles, locales,
    Wagtail's root page) for itself and for the tests after it.

    A transactional test commits, so the database is emptied after it;
    `serialized_rollback` loads the migrated state back before each test. A
    transactional test without it, run before, leaves post_migrate's rows
    behind (content types), which that load would meet again: the table is
    emptied first. The load saves rows one by one, and the project's save
    signals look up content types before their rows are back: they read them
    from the process's cache, filled before the table is emptied, and the
    cache is dropped after.
    """

    serialized_rollback = True

    @classmethod
    def _fixture_setup(cls):
        # Save signals during the load ask for content types (get_for_models
        # creates a missing one): from a warm cache, not from the emptied table.
        ContentType.objects.get_for_models(*apps.get_models())
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=DEFAULT_DB_ALIAS,
            inhibit_post_migrate=True,
            # As Django's own flush between tests: the loaded rows keep their
            # ids, so the sequences must stay past them (PostgreSQL).
            reset_sequences=False,
        )
        super()._fixture_setup()
        ContentType.objects.clear_cache()
