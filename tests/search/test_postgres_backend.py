"""PostgreSQL's backend: document frequencies counted once and cached, and
the vectors kept in the row. Runs in the PostgreSQL pass (CI runs both)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from pages.models import ArticlePage
from search.backends.base import Scope
from search.backends.postgres import PostgresBackend, tsquery
from tests.factories import build_site, make_resource

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]


@pytest.fixture
def site():
    home, _theme, topic = build_site()
    for number, summary in enumerate(
        ["Klotter på skolan.", "Klottersanering i centrum.", "Trygghet i parken."]
    ):
        make_resource(ArticlePage, topic, title=f"Resurs {number}", summary=summary)
    return Scope(home.path, "sv"), topic


def test_frequencies_are_counted_in_one_query_and_then_cached(site):
    scope, _topic = site
    backend = PostgresBackend()
    groups = [tsquery(["klotter"]), tsquery(["trygghet"]), tsquery(["saknas"])]
    with CaptureQueriesContext(connection) as first:
        assert backend.frequencies(scope, groups) == (3, [2, 1, 0])
    counting = [
        q for q in first.captured_queries if "search_searchdocument" in q["sql"]
    ]
    assert len(counting) == 1
    with CaptureQueriesContext(connection) as again:
        assert backend.frequencies(scope, groups[:2]) == (3, [2, 1])
    assert not [
        q for q in again.captured_queries if "search_searchdocument" in q["sql"]
    ]


def test_a_publish_makes_the_frequencies_count_again(site):
    scope, topic = site
    backend = PostgresBackend()
    klotter = [tsquery(["klotter"])]
    assert backend.frequencies(scope, klotter) == (3, [2])
    make_resource(ArticlePage, topic, title="Klotter igen", summary="Om klotter.")
    assert backend.frequencies(scope, klotter) == (4, [3])


def test_the_vectors_are_stored_in_the_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid ="
            " 'search_searchdocument'::regclass AND attname = 'vector'"
        )
        assert cursor.fetchone() == ("m",)
