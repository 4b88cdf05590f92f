"""A live server for tests that speak to the API over a real socket."""

from django.test import LiveServerTestCase

from tests.transactional import MigratedTransactionTestCase


class LiveApiTestCase(MigratedTransactionTestCase, LiveServerTestCase):
    """A live server reads committed rows, so the test is transactional; it
    starts from the migrated database like every MigratedTransactionTestCase."""
