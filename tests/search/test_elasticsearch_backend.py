"""Elasticsearch 9: the backend and synonyms with a stand-in client, and search
against a real server.

The integration tests at the end are marked `elasticsearch` and run only
when ELASTICSEARCH_URL is set (tests/conftest.py deselects them otherwise,
and says so); each works in an index of its own.
"""

import sys
import uuid
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail import hooks
from wagtail.models import Locale, Page, PageViewRestriction

import pytest
from elasticsearch import ConnectionError as ElasticsearchConnectionError

from media_library.models import CustomImage
from pages.models import ArticlePage, TopicPage
from search.backends import database_backend, get_backend
from search.backends import elasticsearch as es
from search.backends.base import Hit, Scope, SearchBackend, VocabularyWord
from search.backends.elasticsearch import synonyms as es_synonyms
from search.elasticsearch import (
    PUBLIC_BACKEND,
    backend_settings,
)
from search.models import Synonym
from tests.factories import make_resource
from tests.search import relevance
from tests.search.elasticsearch_support import (
    INDEX,
    URL,
    public_settings,
    swedish,
)
from tests.search.test_relevance import MRR_TARGET, RECALL_TARGET
from tests.search.test_typos import RECALL_TARGET as TYPO_RECALL_TARGET

# --- The backend, with a stand-in client -----------------------------------------


class StandInClient:
    """Answers like Elasticsearch's client without a server (or fails)."""

    def __init__(self, hits: list[dict] | None = None, error: Exception | None = None):
        self.hits = hits or []
        self.error = error
        self.calls: list[dict] = []
        self.synonyms = SimpleNamespace(put_synonym=self.put_synonym)

    def options(self, **options) -> "StandInClient":
        self.calls.append({"options": options})
        return self

    def search(self, **request) -> dict:
        self.calls.append(request)
        if self.error:
            raise self.error
        return {"hits": {"hits": self.hits}}

    def put_synonym(self, **request) -> dict:
        self.calls.append(request)
        if self.error:
            raise self.error
        return {"result": "updated"}


def backend_with(client: StandInClient) -> es.PublicElasticsearchBackend:
    backend = es.PublicElasticsearchBackend(backend_settings(URL, INDEX))
    backend.es = client
    return backend


class FixedBackend(SearchBackend):
    name = "fixed"

    def search(self, query, scope, limit):
        return [Hit(1, 1.0)]

    def suggest(self, query, scope, limit):
        return [1]


@pytest.mark.django_db
def test_the_backend_sends_its_body_to_the_index_and_reads_the_hits():
    client = StandInClient(
        hits=[{"_id": "12", "_score": 3.5}, {"_id": "9", "_score": 1}]
    )
    backend = es.ElasticsearchBackend(backend_with(client))
    scope = Scope("00010001", "sv")
    assert backend.search(swedish("klotter"), scope, 10) == [Hit(12, 3.5), Hit(9, 1.0)]
    options, request = client.calls
    assert options["options"]["request_timeout"] == 3
    sv = Locale.objects.get(language_code="sv").pk
    assert request == {
        "index": INDEX,
        **es.search_body(swedish("klotter"), scope, 10, sv),
    }
    assert backend.suggest(swedish("klott"), scope, 10) == [12, 9]


@pytest.mark.django_db
def test_a_failing_elasticsearch_falls_back_on_the_database():
    failing = StandInClient(error=ElasticsearchConnectionError("refused"))
    backend = es.ElasticsearchBackend(backend_with(failing), fallback=FixedBackend())
    scope = Scope("00010001", "sv")
    assert backend.search(swedish("klotter"), scope, 10) == [Hit(1, 1.0)]
    assert backend.suggest(swedish("klott"), scope, 10) == [1]
    without = es.ElasticsearchBackend(backend_with(failing))
    with pytest.raises(ElasticsearchConnectionError):
        without.search(swedish("klotter"), scope, 10)


def test_get_backend_picks_elasticsearch_when_it_is_configured():
    database = type(database_backend())
    assert isinstance(get_backend(), database)
    with override_settings(
        ELASTICSEARCH_URL=URL, WAGTAILSEARCH_BACKENDS=public_settings()
    ):
        backend = get_backend()
        assert isinstance(backend, es.ElasticsearchBackend)
        assert isinstance(backend.fallback, database)
        wagtail_backend = backend.wagtail_backend
        assert isinstance(wagtail_backend, es.PublicElasticsearchBackend)
        assert wagtail_backend.index_name == INDEX
        # One client per configuration, kept open between searches.
        assert get_backend().wagtail_backend is wagtail_backend


# --- The fuzzy fallback, with a stand-in client ----------------------------------


@pytest.mark.django_db
def test_the_fuzzy_fallback_asks_for_fuzziness_auto_on_the_analysed_fields():
    scope = Scope("00010001", "sv")
    sv = Locale.objects.get(language_code="sv").pk
    typed, corrected = swedish("upphandlnig"), swedish("upphandling")
    body = es.fuzzy_search_body(typed, corrected, scope, 10, sv)
    should = body["query"]["bool"]["should"]
    fuzzy = [clause for clause in should if "fuzziness" in clause["multi_match"]]
    plain = es.search_body(typed, scope, 10, sv)["query"]["bool"]["should"][0]
    assert fuzzy == [
        {
            "multi_match": {
                "query": "upphandlnig",
                "type": "most_fields",
                "fields": plain["multi_match"]["fields"],
                "fuzziness": "AUTO",
                "prefix_length": 1,
            }
        }
    ]
    # The analysed fields, not their edge n-grams: a fuzzy n-gram matches
    # nearly anything.
    assert not [f for f in fuzzy[0]["multi_match"]["fields"] if ".prefix" in f]
    # The corrected words as a normal search beside it, in the same scope.
    normal = es.search_body(corrected, scope, 10, sv)
    assert [c for c in should if c not in fuzzy] == normal["query"]["bool"]["should"]
    assert body["query"]["bool"]["filter"] == normal["query"]["bool"]["filter"]
    assert body["query"]["bool"]["minimum_should_match"] == 1


@pytest.mark.django_db
def test_the_fuzzy_fallback_is_sent_and_falls_back_on_the_database():
    client = StandInClient(hits=[{"_id": "7", "_score": 2.0}])
    backend = es.ElasticsearchBackend(backend_with(client), fallback=FixedBackend())
    scope = Scope("00010001", "sv")
    typed, corrected = swedish("upphandlnig"), swedish("upphandling")
    assert backend.fuzzy_search(typed, corrected, scope, 10) == [Hit(7, 2.0)]
    sv = Locale.objects.get(language_code="sv").pk
    assert client.calls[-1] == {
        "index": INDEX,
        **es.fuzzy_search_body(typed, corrected, scope, 10, sv),
    }
    failing = StandInClient(error=ElasticsearchConnectionError("refused"))
    backend = es.ElasticsearchBackend(backend_with(failing), fallback=FixedBackend())
    assert backend.fuzzy_search(typed, corrected, scope, 10) == [Hit(1, 1.0)]


def test_the_vocabulary_of_corrections_is_the_databases():
    class Vocabulary(FixedBackend):
        def known(self, scope, prefixes):
            return {"upphandling"}

        def candidates(self, scope, words):
            return [VocabularyWord("upphandling", "upphandling", 2, 1)]

    scope = Scope("00010001", "sv")
    backend = es.ElasticsearchBackend(fallback=Vocabulary())
    assert backend.known(scope, ["upphandling", "x"]) == {"upphandling"}
    assert backend.candidates(scope, {"upphandlnig": 2}) == [
        VocabularyWord("upphandling", "upphandling", 2, 1)
    ]


# --- Synonyms --------------------------------------------------------------------


def test_each_synonym_is_one_rule_of_its_terms():
    synonyms = [
        Synonym(pk=1, terms="bidragsfusk, bidragsbrott,välfärdsbrott"),
        Synonym(pk=2, terms="ensam"),
        Synonym(pk=3, terms="hem för vård eller boende, HVB => hem, a\\b"),
    ]
    assert es.synonym_rules(synonyms) == [
        {"id": "synonym-1", "synonyms": "bidragsfusk, bidragsbrott, välfärdsbrott"},
        {"id": "synonym-3", "synonyms": "hem för vård eller boende, HVB hem, a b"},
    ]


@pytest.fixture
def stand_in(monkeypatch) -> StandInClient:
    """Elasticsearch configured, and answered by a stand-in client."""
    client = StandInClient()
    monkeypatch.setattr(es_synonyms, "public_backend", lambda: backend_with(client))
    with override_settings(ELASTICSEARCH_URL=URL):
        yield client
    es.synonyms_push_failed()  # a failure of the test, forgotten


@pytest.fixture
def admin(client):
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    return client


def add_synonym(admin, terms: str):
    return admin.post(
        reverse("wagtailsnippets_search_synonym:add"), {"terms": terms, "note": ""}
    )


@pytest.mark.django_db
def test_saving_a_synonym_pushes_the_whole_list_once_committed(
    admin, stand_in, django_capture_on_commit_callbacks
):
    Synonym.objects.create(terms="klotter, graffiti")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = add_synonym(admin, "bidragsfusk, välfärdsbrott")
        assert stand_in.calls == []  # not before the commit
    assert response.status_code == 302
    assert len(callbacks) == 1
    push = stand_in.calls[-1]
    assert push["id"] == "trygghetsportalen-unit-synonyms"
    assert [rule["synonyms"] for rule in push["synonyms_set"]] == [
        "klotter, graffiti",
        "bidragsfusk, välfärdsbrott",
    ]
    assert not es.synonyms_push_failed()


@pytest.mark.django_db
def test_a_failed_push_is_logged_and_the_save_kept(
    admin, stand_in, django_capture_on_commit_callbacks, caplog
):
    stand_in.error = ElasticsearchConnectionError("refused")
    with django_capture_on_commit_callbacks(execute=True):
        response = add_synonym(admin, "bidragsfusk, välfärdsbrott")
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="bidragsfusk, välfärdsbrott").exists()
    assert "Pushing the synonyms to Elasticsearch failed" in caplog.text
    assert es.synonyms_push_failed()
    assert not es.synonyms_push_failed()  # told once


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hook", ["after_create_snippet", "after_edit_snippet", "after_delete_snippet"]
)
def test_the_editor_is_told_when_the_push_failed(hook, stand_in, rf):
    # In production the push runs when the admin view's transaction commits,
    # before these hooks; the test transaction never commits, so the push
    # is made here, then the hook.
    stand_in.error = ElasticsearchConnectionError("refused")
    es._push_synonyms_or_log()
    synonym = Synonym(pk=1, terms="klotter, graffiti")
    changed = [synonym] if hook == "after_delete_snippet" else synonym

    def told(changed) -> list[str]:
        request = rf.post("/")
        request._messages = CookieStorage(request)
        for hook_function in hooks.get_hooks(hook):
            assert hook_function(request, changed) is None
        return [str(message) for message in request._messages]

    assert told([CustomImage()]) == []  # another snippet: not a word
    [message] = told(changed)
    assert "Elasticsearch" in message
    assert told(changed) == []  # once


@pytest.mark.django_db
def test_without_elasticsearch_nothing_is_pushed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        Synonym.objects.create(terms="klotter, graffiti")
    assert es._push_synonyms_or_log not in callbacks


# --- Integration: a real Elasticsearch 9 (ELASTICSEARCH_URL) ---------------------


@pytest.fixture
def es_index(elasticsearch_url, settings):
    """Elasticsearch on, in a new index (and synonyms set) removed afterwards."""
    name = f"{settings.ELASTICSEARCH_INDEX}-test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        PUBLIC_BACKEND: backend_settings(elasticsearch_url, name),
    }
    backend = es.public_backend()
    call_command(
        "update_index", backend_name=PUBLIC_BACKEND, schema_only=True, verbosity=0
    )
    yield backend
    # Wildcard deletes are refused by default: the concrete indices by name.
    for index in backend.es.indices.get(index=f"{name}*"):
        backend.es.indices.delete(index=index)
    backend.es.options(ignore_status=404).synonyms.delete_synonym(
        id=backend.synonyms_set
    )


def indexed(backend: es.PublicElasticsearchBackend, page: Page) -> bool:
    return bool(backend.es.exists(index=backend.index_name, id=str(page.pk)))


def assert_elasticsearch_answered(caplog) -> None:
    # Searches fall back on the database and indexing errors are only logged
    # (modelsearch.index) when Elasticsearch fails: the results alone would
    # not show which one answered.
    failures = [
        record
        for record in caplog.records
        if record.name in (es.logger.name, "modelsearch.index")
    ]
    assert not failures, [record.getMessage() for record in failures]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_relevance_on_elasticsearch_meets_the_targets(es_index, client, caplog, capsys):
    corpus = relevance.load()
    pages = relevance.load_documents(relevance.build_site(), corpus["documents"])
    # A full rebuild, as after switching: a new index, then the alias.
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)
    assert get_backend().name == "elasticsearch"
    scores = relevance.run_queries(client, pages, corpus["queries"], "elasticsearch")
    report = scores.report()
    with capsys.disabled():
        sys.stdout.write(f"\n{report}\n")
    assert_elasticsearch_answered(caplog)
    assert scores.recall_at_5 >= RECALL_TARGET, report
    assert scores.mrr >= MRR_TARGET, report


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_typos_on_elasticsearch_meet_the_target(es_index, client, caplog, capsys):
    corpus, typos = relevance.load(), relevance.load(relevance.TYPOS)
    pages = relevance.load_documents(
        relevance.build_site(), corpus["documents"] + typos["documents"]
    )
    call_command("update_index", backend_name=PUBLIC_BACKEND, verbosity=0)
    assert get_backend().name == "elasticsearch"
    scores = relevance.run_queries(client, pages, typos["queries"], "elasticsearch")
    report = scores.report().replace("Relevance", "Typos")
    with capsys.disabled():
        sys.stdout.write(f"\n{report}\n")
    assert_elasticsearch_answered(caplog)
    assert scores.recall_at_5 >= TYPO_RECALL_TARGET, report


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_only_what_the_public_may_see_is_indexed_or_found(es_index, client, caplog):
    topics = relevance.build_site()
    topic = topics["otillaten-paverkan"]
    public = make_resource(ArticlePage, topic, title="Klotter på bussen", slug="a")
    draft = make_resource(
        ArticlePage, topic, title="Klotter i utkast", slug="b", publish=False
    )
    withdrawn = make_resource(ArticlePage, topic, title="Klotter förr", slug="c")
    withdrawn.unpublish()
    private_topic = topic.get_parent().add_child(
        instance=TopicPage(title="Internt", slug="internt")
    )
    private_topic.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private_topic,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )
    private = make_resource(
        ArticlePage, private_topic, title="Klotter internt", slug="d"
    )
    # Staff material is indexed (consumers with the scope search it) but
    # the public does not find it.
    staff_topic = topic.get_parent().add_child(
        instance=TopicPage(title="Personal", slug="personal")
    )
    staff_topic.save_revision().publish()
    PageViewRestriction.objects.create(
        page=staff_topic, restriction_type=PageViewRestriction.LOGIN
    )
    staff = make_resource(ArticlePage, staff_topic, title="Klotter personal", slug="e")
    # A draft of a published page: the public still sees the published text.
    public.title = "Zebrafinkar"
    public.save_revision()
    es_index.refresh_indexes()

    assert indexed(es_index, public)
    assert indexed(es_index, staff)
    for hidden in (draft, withdrawn, private):
        assert not indexed(es_index, hidden), hidden.title
    response = client.get("/api/v1/search/", {"q": "klotter"}, HTTP_HOST="localhost")
    assert [item["id"] for item in response.json()["items"]] == [public.pk]
    response = client.get(
        "/api/v1/search/", {"q": "zebrafinkar"}, HTTP_HOST="localhost"
    )
    assert response.json()["items"] == []
    assert_elasticsearch_answered(caplog)


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_a_saved_synonym_applies_without_reindexing(
    es_index, client, caplog, django_capture_on_commit_callbacks
):
    topics = relevance.build_site()
    page = make_resource(
        ArticlePage, topics["otillaten-paverkan"], title="Klotter på skolgården"
    )
    es_index.refresh_indexes()

    def found(q: str) -> list[int]:
        response = client.get("/api/v1/search/", {"q": q}, HTTP_HOST="localhost")
        return [item["id"] for item in response.json()["items"]]

    assert found("graffiti") == []
    with django_capture_on_commit_callbacks(execute=True):
        synonym = Synonym.objects.create(terms="klotter, graffiti")
    assert found("graffiti") == [page.pk]
    with django_capture_on_commit_callbacks(execute=True):
        synonym.delete()
    assert found("graffiti") == []
    assert_elasticsearch_answered(caplog)


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_suggestions_come_from_the_title_prefixes(es_index, client, caplog):
    topics = relevance.build_site()
    topic = topics["otillaten-paverkan"]
    page = make_resource(ArticlePage, topic, title="Brottslighet i upphandlingar")
    make_resource(ArticlePage, topic, title="Skadegörelse", slug="skadegorelse")
    es_index.refresh_indexes()

    def suggested(q: str) -> list[int]:
        response = client.get(
            "/api/v1/search/autocomplete/", {"q": q}, HTTP_HOST="localhost"
        )
        return [item["id"] for item in response.json()["items"]]

    assert suggested("brottsli") == [page.pk]  # typed, unstemmed
    assert suggested("upphandling brott") == [page.pk]  # stemmed, every word
    assert suggested("brottsli skadeg") == []
    assert_elasticsearch_answered(caplog)
