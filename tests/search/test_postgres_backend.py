"""PostgreSQL's backend: document frequencies counted once and cached, and
the vectors kept in the row. Runs in the PostgreSQL pass (CI runs both)."""

import dataclasses

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from pages.models import ArticlePage, ContentVersion
from search import service
from search.analysis import query_words
from search.backends.base import Scope
from search.backends.postgres import PostgresBackend, tsquery
from search.models import SearchDocument
from tests.factories import build_site, make_resource

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]


def group(word: str) -> str:
    """The tsquery of one query word, analysed as a search analyses it."""
    return tsquery(list(query_words(word)[0].alternatives))


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
    groups = [group("klotter"), group("trygghet"), group("saknas")]
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
    klotter = [group("klotter")]
    assert backend.frequencies(scope, klotter) == (3, [2])
    make_resource(ArticlePage, topic, title="Klotter igen", summary="Om klotter.")
    assert backend.frequencies(scope, klotter) == (4, [3])


def test_the_callers_content_version_spares_reading_it_again(site):
    scope, _topic = site
    backend = PostgresBackend()
    klotter = [group("klotter")]
    known = dataclasses.replace(scope, version=ContentVersion.current().counter)
    assert backend.frequencies(known, klotter) == (3, [2])
    with CaptureQueriesContext(connection) as again:
        assert backend.frequencies(known, klotter) == (3, [2])
    assert again.captured_queries == []


def test_the_vectors_are_stored_in_the_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid ="
            " 'search_searchdocument'::regclass AND attname = 'vector'"
        )
        assert cursor.fetchone() == ("m",)


def test_suggestions_come_from_the_sites_own_documents(site):
    scope, topic = site
    _home, _theme, other_topic = build_site("molndal", "molndal.localhost", False)
    other_scope = Scope(_home.path, "sv")
    here = make_resource(ArticlePage, topic, title="Klotter på skolan")
    there = make_resource(ArticlePage, other_topic, title="Klotter i Mölndal")
    backend = PostgresBackend()
    typed = service.analysed("klott", "sv")
    assert backend.suggest(typed, scope, 10) == [here.pk]
    # Mölndal has its own page and its alias of GR's (shared with members).
    found_there = backend.suggest(typed, other_scope, 10)
    assert there.pk in found_there
    assert here.pk not in found_there
    assert set(found_there) == {there.pk, *here.aliases.values_list("pk", flat=True)}


def test_the_suggestion_table_follows_the_documents(site):
    """Triggers keep search_suggestion in step with every write to the
    documents (migration 0006): a new title, a deleted document, a flush."""
    scope, topic = site
    page = make_resource(ArticlePage, topic, title="Klotter på skolan")
    backend = PostgresBackend()

    def suggested(typed: str) -> list[int]:
        return backend.suggest(service.analysed(typed, "sv"), scope, 10)

    assert suggested("klott") == [page.pk]
    page.title = "Skadegörelse på skolan"
    page.save_revision().publish()
    assert suggested("klott") == []
    assert suggested("skadeg") == [page.pk]
    SearchDocument.objects.filter(page=page).delete()
    assert suggested("skadeg") == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_suggestion")
        assert cursor.fetchone()[0] == SearchDocument.objects.count() > 0
        # The test's transaction holds deferred foreign-key checks, which
        # TRUNCATE refuses to run past; a flush has none.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE search_searchdocument")
        cursor.execute("SELECT count(*) FROM search_suggestion")
        assert cursor.fetchone()[0] == 0
