"""Elasticsearch 9: index settings, mapping and query DSL, without a server.

No request is sent: the Elasticsearch client connects lazily, and where a
backend would talk to Elasticsearch a recording stand-in answers. The
backend, synonyms and the integration tests are in test_elasticsearch_backend.py.
"""

import datetime

from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

import pytest
from modelsearch.backends.elasticsearch9 import Elasticsearch9Mapping

from media_library.models import CustomImage
from pages.models import RESOURCE_MODELS, ArticlePage, TopicPage
from search.analysis import STOPWORDS, decompound_words, query_words
from search.backends import elasticsearch as es
from search.backends.base import Scope, SearchQuery
from search.elasticsearch import (
    backend_settings,
)
from tests.factories import build_site, make_resource
from tests.search.elasticsearch_support import (
    EN_FIELD,
    INDEX,
    SV_FIELD,
    URL,
    analysis,
    swedish,
)

# --- Index settings ------------------------------------------------------------


def test_the_swedish_index_chain_splits_compounds_stems_and_folds_last():
    settings = analysis()
    filters, analyzers = settings["filter"], settings["analyzer"]
    chain = analyzers["sv_index"]
    assert chain["tokenizer"] == "standard"
    assert chain["filter"] == [
        "lowercase",
        "sv_stop",
        "sv_decompounder",
        "sv_stemmer",
        "asciifolding",
    ]
    decompounder = filters["sv_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert decompounder["only_longest_match"] is True
    # The lexicon's words as written: the decompounder runs before folding.
    assert {"bidrag", "brott", "välfärd", "fusk", "påverkan"} <= set(
        decompounder["word_list"]
    )
    assert filters["sv_stemmer"] == {"type": "stemmer", "language": "swedish"}
    assert filters["sv_stop"] == {
        "type": "stop",
        "stopwords": sorted(STOPWORDS["sv"]),
    }


def test_every_chain_folds_after_stemming():
    analyzers = analysis()["analyzer"]
    for name in ("sv_index", "sv_search", "sv_prefix", "sv_query", "en_index"):
        chain = analyzers[name]["filter"]
        stemmer = f"{name[:2]}_stemmer"
        assert chain.index("asciifolding") > chain.index(stemmer), name


def test_synonyms_apply_at_search_time_from_an_updateable_synonyms_set():
    settings = analysis()
    assert settings["filter"]["editors_synonyms"] == {
        "type": "synonym_graph",
        "synonyms_set": "trygghetsportalen-unit-synonyms",
        "updateable": True,
        "lenient": True,
    }
    analyzers = settings["analyzer"]
    for language in ("sv", "en"):
        search = analyzers[f"{language}_search"]["filter"]
        # Read through the stop words, applied before the stemmer.
        assert search.index("editors_synonyms") > search.index(f"{language}_stop")
        assert search.index("editors_synonyms") < search.index(f"{language}_stemmer")
        # The brute-force decompounder stays out of queries.
        assert "sv_decompounder" not in search
    for name in ("sv_index", "sv_prefix", "en_index", "en_prefix", "sv_query"):
        assert "editors_synonyms" not in analyzers[name]["filter"], name


def test_english_has_english_stop_words_and_stemmer():
    settings = analysis()
    assert settings["analyzer"]["en_index"]["filter"] == [
        "en_possessive",
        "lowercase",
        "en_stop",
        "en_stemmer",
        "asciifolding",
    ]
    assert settings["filter"]["en_stemmer"] == {
        "type": "stemmer",
        "language": "english",
    }
    assert settings["filter"]["en_stop"]["stopwords"] == sorted(STOPWORDS["en"])


def test_prefixes_and_suggestions_are_edge_ngrams_at_index_time_only():
    settings = analysis()
    filters, analyzers = settings["filter"], settings["analyzer"]
    assert filters["prefixes"]["type"] == "edge_ngram"
    assert filters["title_prefixes"]["type"] == "edge_ngram"
    assert analyzers["sv_prefix"]["filter"] == [
        *analyzers["sv_index"]["filter"],
        "prefixes",
    ]
    assert analyzers["autocomplete"]["filter"][-1] == "title_prefixes"
    assert "title_prefixes" not in analyzers["autocomplete_search"]["filter"]


def test_the_word_list_is_the_lexicons_most_frequent_words_as_written():
    words = decompound_words()
    assert len(words) == 20_000
    assert len(set(words)) == len(words)
    assert all(len(word) >= 3 and word.isalpha() for word in words)
    assert not set(words) & STOPWORDS["sv"]
    assert any(set(word) & set("åäö") for word in words)


def test_the_backend_merges_the_settings_into_wagtails():
    backend = es.PublicElasticsearchBackend(backend_settings(URL, INDEX))
    index = backend.settings["settings"]["index"]
    analyzers = backend.settings["settings"]["analysis"]["analyzer"]
    assert index["number_of_shards"] == 1
    assert {"edgengram_analyzer", "sv_index", "en_search"} <= set(analyzers)
    assert backend.index_name == INDEX
    assert backend.synonyms_set == "trygghetsportalen-unit-synonyms"


# --- Mapping ---------------------------------------------------------------------


@pytest.mark.parametrize("model", RESOURCE_MODELS, ids=lambda model: model.__name__)
def test_wagtails_mapping_analyses_each_language_in_its_own_fields(model):
    properties = Elasticsearch9Mapping(model).get_mapping()["properties"]
    for field, language in ((SV_FIELD, "sv"), (EN_FIELD, "en")):
        mapping = properties[field]
        assert mapping["type"] == "object"
        assert "copy_to" not in mapping
        assert set(mapping["properties"]) == {"title", "summary", "meta", "body"}
        for part, part_mapping in mapping["properties"].items():
            assert part_mapping["analyzer"] == f"{language}_index", part
            assert part_mapping["search_analyzer"] == f"{language}_search", part
            prefix = part_mapping["fields"]["prefix"]
            assert prefix["analyzer"] == f"{language}_prefix"
            assert prefix["search_analyzer"] == f"{language}_search"
        title = mapping["properties"]["title"]["fields"]["autocomplete"]
        assert title["analyzer"] == "autocomplete"
        assert title["search_analyzer"] == "autocomplete_search"
    # Wagtail's own filter fields, which the queries' scope uses.
    for name in ("live_filter", "locale_id_filter", "path_filter", "depth_filter"):
        assert name in properties


def analyzers_named(mapping: dict, key: str) -> set[str]:
    found = set()
    for name, value in mapping.items():
        if name == key:
            found.add(value)
        elif isinstance(value, dict):
            found |= analyzers_named(value, key)
    return found


@pytest.mark.parametrize("model", RESOURCE_MODELS, ids=lambda model: model.__name__)
def test_the_mapping_names_only_analyzers_the_settings_define(model):
    properties = Elasticsearch9Mapping(model).get_mapping()["properties"]
    ours = {name: properties[name] for name in (SV_FIELD, EN_FIELD)}
    defined = analysis()["analyzer"]
    index_time = analyzers_named(ours, "analyzer")
    search_time = analyzers_named(ours, "search_analyzer")
    assert index_time | search_time <= set(defined)
    # Elasticsearch refuses an updateable filter in an index-time analyzer.
    for name in index_time:
        assert "editors_synonyms" not in defined[name]["filter"], name


def test_the_query_fields_are_the_mappings():
    assert es.text_fields("sv") == (SV_FIELD,)
    assert es.text_fields("en") == (EN_FIELD,)


@pytest.mark.django_db
def test_a_swedish_page_fills_the_swedish_fields_only():
    home, theme, topic = build_site()
    page = make_resource(
        ArticlePage,
        topic,
        title="Klottersanering på skolgården",
        summary="Snabb sanering minskar skadegörelsen.",
    )
    document = Elasticsearch9Mapping(ArticlePage).get_document(page)
    texts = document[SV_FIELD]
    assert texts["title"] == ["Klottersanering på skolgården"]
    assert texts["summary"] == ["Snabb sanering minskar skadegörelsen."]
    assert {"Otillåten påverkan", "Motverka brott"} <= set(texts["meta"])
    assert document[EN_FIELD] == {}
    page.locale = Locale(language_code="en")
    assert page.search_text_sv() == {}
    assert page.search_text_en()["title"] == ["Klottersanering på skolgården"]


@pytest.mark.django_db
def test_the_admins_database_search_still_finds_resources():
    home, theme, topic = build_site()
    page = make_resource(ArticlePage, topic, title="Klottersanering", publish=False)
    # Drafts too: the admin's search is not the public one.
    assert list(ArticlePage.objects.search("Klottersanering")) == [page]
    assert [found.pk for found in Page.objects.search("sammanfattning")] == [page.pk]
    # The other language's empty fields add nothing (not the text "None").
    assert list(Page.objects.search("None")) == []


# --- Only public resources are indexed -------------------------------------------


class RecordingBackend:
    """Stands in for the backend's bulk helper: records, sends nothing."""

    def __init__(self) -> None:
        self.requests: list[list[dict]] = []
        self.options: list[dict] = []

    def __call__(self, client, actions, **options) -> tuple[int, list]:
        self.requests.append([dict(action) for action in actions])
        self.options.append(options)
        return len(self.requests[-1]), []


class NoRequests:
    """A client that fails the test if it is asked anything."""

    def __getattr__(self, name: str):
        raise AssertionError(f"Elasticsearch was asked: {name}")


@pytest.mark.django_db
def test_only_resources_some_reader_may_see_are_indexed_and_the_rest_removed():
    home, theme, topic = build_site()
    public = make_resource(ArticlePage, topic, title="Synlig", slug="synlig")
    draft = make_resource(
        ArticlePage, topic, title="Utkast", slug="utkast", publish=False
    )
    expired = make_resource(ArticlePage, topic, title="Gammal", slug="gammal")
    expired.expire_at = timezone.now() - datetime.timedelta(days=1)
    private_topic = theme.add_child(instance=TopicPage(title="Intern", slug="intern"))
    private_topic.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private_topic, restriction_type=PageViewRestriction.LOGIN
    )
    staff = make_resource(ArticlePage, private_topic, title="Intern", slug="intern")
    closed_topic = theme.add_child(instance=TopicPage(title="Stängd", slug="stangd"))
    closed_topic.save_revision().publish()
    PageViewRestriction.objects.create(
        page=closed_topic,
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )
    private = make_resource(ArticlePage, closed_topic, title="Hemlig", slug="hemlig")

    backend = es.PublicElasticsearchBackend(backend_settings(URL, INDEX))
    backend.es = NoRequests()
    backend.bulk = RecordingBackend()
    index = backend.get_index_for_model(ArticlePage)
    index.add_items(ArticlePage, [public, draft, expired, private, staff])
    indexed, removed = backend.bulk.requests
    # Staff material (a login restriction) is indexed: searches check each
    # hit against the reader's rule, and only consumers with the scope pass.
    assert [action["_id"] for action in indexed] == [str(public.pk), str(staff.pk)]
    assert indexed[0][SV_FIELD]["title"] == ["Synlig"]
    assert {action["_id"] for action in removed} == {
        str(draft.pk),
        str(expired.pk),
        str(private.pk),
    }
    assert {action["_op_type"] for action in removed} == {"delete"}
    # Never into an index Elasticsearch would make up: only the alias that
    # update_index makes.
    assert [options["require_alias"] for options in backend.bulk.options] == [
        True,
        True,
    ]
    assert backend.bulk.options[1]["ignore_status"] == (404,)

    # Other pages and models are not indexed at all.
    index.add_items(TopicPage, [topic])
    index.add_model(TopicPage)
    assert len(backend.bulk.requests) == 2
    image_index = backend.get_index_for_model(CustomImage)
    assert isinstance(image_index, es.SkippedIndex)
    assert isinstance(backend.rebuilder_class(image_index), es.SkippedRebuilder)


# --- Query DSL -------------------------------------------------------------------


def test_the_search_body_scopes_boosts_and_uses_the_languages_fields():
    query = swedish("välfärdsbrott upphandlingar")
    body = es.search_body(query, Scope("00010001", "sv"), 25, locale_id=7)
    assert body["size"] == 25
    assert body["_source"] is False
    bool_query = body["query"]["bool"]
    assert bool_query["filter"] == [
        {"term": {"live_filter": True}},
        {"term": {"locale_id_filter": 7}},
        {"prefix": {"path_filter": "00010001"}},
        {"term": {"depth_filter": 5}},  # home (depth 2) → theme → topic → resource
    ]
    assert bool_query["minimum_should_match"] == 1
    words, prefixes, *parts = bool_query["should"]
    assert words["multi_match"] == {
        "query": "välfärdsbrott upphandlingar",
        "type": "most_fields",
        "fields": [
            f"{SV_FIELD}.title^10",
            f"{SV_FIELD}.summary^5",
            f"{SV_FIELD}.meta^2.5",
            f"{SV_FIELD}.body^1",
        ],
    }
    assert prefixes["multi_match"]["fields"] == [
        f"{SV_FIELD}.title.prefix^5",
        f"{SV_FIELD}.summary.prefix^2.5",
        f"{SV_FIELD}.meta.prefix^1.25",
        f"{SV_FIELD}.body.prefix^0.5",
    ]
    # The lexicon's parts of "välfärdsbrott", already stemmed and folded.
    assert [part["multi_match"]["query"] for part in parts] == ["valfard", "brott"]
    assert {part["multi_match"]["analyzer"] for part in parts} == {"keyword"}
    assert EN_FIELD not in repr(body)


def test_an_english_query_searches_the_english_fields():
    query = SearchQuery("finches", tuple(query_words("finches", "en")), "en")
    body = es.search_body(query, Scope("00010002", "en"), 10, locale_id=2)
    fields = [
        field
        for clause in body["query"]["bool"]["should"]
        for field in clause["multi_match"]["fields"]
    ]
    assert fields and all(field.startswith(f"{EN_FIELD}.") for field in fields)


def test_the_suggest_body_needs_every_word_as_a_title_prefix():
    body = es.suggest_body(
        swedish("upphandlingar krimin"), Scope("00010001", "sv"), 5, 7
    )
    assert body["size"] == 5
    words = body["query"]["bool"]["must"]
    assert len(words) == 2
    first = words[0]["bool"]
    assert first["minimum_should_match"] == 1
    assert first["should"] == [
        {"match": {f"{SV_FIELD}.title.autocomplete": "upphandlingar"}},
        {
            "match": {
                f"{SV_FIELD}.title.prefix": {
                    "query": "upphandlingar",
                    "analyzer": "sv_query",
                }
            }
        },
    ]
    assert body["query"]["bool"]["filter"][2] == {"prefix": {"path_filter": "00010001"}}
