"""Property-based fuzzing of every /api/v1/ endpoint, on the seeded demo content.

API.md: "No input, however malformed, produces a 500"; errors are JSON
`{"detail": "…"}` (400 for bad parameters, 404 for missing things); a 200 body
has the shape openapi.json documents. Two generators enforce that:

- our own Hypothesis strategies (fuzz_strategies.py), which know the domain:
  valid and invalid slugs in comma lists, dates in many formats, booleans as
  strings, huge and negative numbers, unicode and NUL, repeated parameters;
- schemathesis, driving Django's real WSGI handler in-process from the
  openapi.json the API serves (examples, coverage and fuzzing phases, positive
  and negative data).

Every response goes through `check_contract` (or the equivalent schemathesis
checks). Runs are derandomized (the same examples every run, locally and in
CI) and keep no example database. The demo content is built once for the
module inside a transaction that is rolled back at the end; each request runs
in a savepoint that is rolled back too (see fuzz_support.py).
"""

import io
import json
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import resolve

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from .fuzz_strategies import (
    ENDPOINTS,
    TRUE_WORDS,
    Request,
    Vocabulary,
    hostile_cases,
    hostile_parameter,
    hostile_query,
    invalid_parameter,
    valid_query,
)
from .fuzz_support import (
    OPENAPI_URL,
    IsolatingWSGIApp,
    check_contract,
    fetch,
    isolated_request,
    response_validators,
    vocabulary_from_database,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
# Examples per test, sized so that the module, seeding included, stays under
# ~90 s on a 2-core machine. Parameters that reach the search backend or the
# timestamp parser get more.
MIXED_EXAMPLES = 50
PARAMETER_EXAMPLES = {"q": 60, "updated_since": 60, "id": 40, "path": 40}
OTHER_PARAMETER_EXAMPLES = 15
VALID_EXAMPLES = 20
INVALID_EXAMPLES = 15
SCHEMATHESIS_EXAMPLES = 15


@dataclass(frozen=True, repr=False)
class Seeded:
    vocabulary: Vocabulary
    openapi: dict
    validators: dict[str, Draft202012Validator]

    def __repr__(self) -> str:  # short: it appears in failure reports
        return f"<Seeded demo: {self.vocabulary!r}>"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """seed_demo once for the module; everything is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        with isolated_request():
            response = Client().get(OPENAPI_URL)
        assert response.status_code == 200, response.content[:500]
        openapi = json.loads(response.content)
        yield Seeded(
            vocabulary=vocabulary_from_database(),
            openapi=openapi,
            validators=response_validators(openapi),
        )
        transaction.set_rollback(True)


def test_the_seeded_vocabulary_is_rich_enough_to_fuzz_with(seeded):
    vocabulary = seeded.vocabulary
    assert len(vocabulary.sites) >= 2
    assert vocabulary.default_site in vocabulary.sites
    assert vocabulary.roles and vocabulary.themes and vocabulary.topics
    assert len(vocabulary.resources) >= 20
    assert {site for site, _, _ in vocabulary.resources} - {vocabulary.default_site}
    languages = {path[:4] for _, _, path in vocabulary.resources}
    assert languages == {"/sv/", "/en/"}


# --- Our own strategies -----------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_query_breaks_the_contract(endpoint, seeded, client):
    """Any query at all (several hostile parameters, repeats, unknown names):
    never a 5xx, errors are {"detail"}, 200s match the schema."""

    @settings(FUZZ, max_examples=MIXED_EXAMPLES)
    @given(request=hostile_query(endpoint, seeded.vocabulary))
    def check(request):
        check_contract(fetch(client, request), seeded.validators)

    check()


@pytest.mark.parametrize(
    ("endpoint", "parameter"),
    hostile_cases(),
    ids=[f"{endpoint}-{parameter}" for endpoint, parameter in hostile_cases()],
)
def test_no_value_of_a_parameter_breaks_the_contract(
    endpoint, parameter, seeded, client
):
    """A valid query with one parameter (or the id in the path) made hostile.

    Validation stops at the first bad parameter, so only this way do hostile
    values reach the search backend, the database filters and the serializers.
    """
    examples = PARAMETER_EXAMPLES.get(parameter, OTHER_PARAMETER_EXAMPLES)

    @settings(FUZZ, max_examples=examples)
    @given(request=hostile_parameter(endpoint, parameter, seeded.vocabulary))
    def check(request):
        check_contract(fetch(client, request), seeded.validators)

    check()


def _last(query: tuple[tuple[str, str], ...], name: str, default=None):
    values = [value for key, value in query if key == name]
    return values[-1] if values else default


def check_answer(endpoint: str, request: Request, body: dict, vocabulary) -> None:
    """A 200 to a valid query respects what the query asked for."""
    site = _last(request.query, "site", vocabulary.default_site)
    if endpoint in ("resources", "search"):
        limit = int(_last(request.query, "limit", "20"))
        offset = int(_last(request.query, "offset", "0"))
        kinds = _last(request.query, "kind")
        assert len(body["items"]) <= limit
        assert len(body["items"]) <= max(0, body["count"] - offset)
        for item in body["items"]:
            assert item["site"] == site
            assert kinds is None or item["kind"] in kinds.split(",")
        wants_facets = _last(request.query, "facets", "false").lower() in TRUE_WORDS
        if endpoint == "search" or wants_facets:
            assert "facets" in body
    elif endpoint == "autocomplete":
        assert len(body["items"]) <= 10
    elif endpoint == "resource":
        assert str(body["id"]) == request.path.rstrip("/").rsplit("/", 1)[-1]
        assert body["site"] == site
    elif endpoint == "by-path":
        assert urlsplit(body["url"]).path == _last(request.query, "path")
        assert body["site"] == site


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_valid_queries_are_answered_with_what_was_asked_for(endpoint, seeded, client):
    """Parameters API.md allows give a 200 whose items respect them."""

    @settings(FUZZ, max_examples=VALID_EXAMPLES)
    @given(request=valid_query(endpoint, seeded.vocabulary))
    def check(request):
        exchange = fetch(client, request)
        body = check_contract(exchange, seeded.validators)
        assert exchange.status == 200, exchange.describe()
        try:
            check_answer(endpoint, request, body, seeded.vocabulary)
        except AssertionError as error:
            raise AssertionError(f"{error}\n{exchange.describe()}") from None

    check()


@pytest.mark.parametrize("endpoint", [name for name in ENDPOINTS if name != "sites"])
def test_an_invalid_parameter_is_refused_with_a_400(endpoint, seeded, client):
    """Unknown site/locale/role/kind/order, limit outside 1–100, negative offset,
    unparsable updated_since, non-boolean flags, blank q: 400 with a detail."""

    @settings(FUZZ, max_examples=INVALID_EXAMPLES)
    @given(request=invalid_parameter(endpoint, seeded.vocabulary))
    def check(request):
        exchange = fetch(client, request)
        check_contract(exchange, seeded.validators)
        assert exchange.status == 400, exchange.describe()

    check()


# Inputs of the kinds that break such code, checked on every run and not only
# when the generators happen to draw them.
KNOWN_HOSTILE = [
    ("/api/v1/resources/", {"offset": str(10**20)}),
    ("/api/v1/resources/", {"offset": str(2**63 - 1), "limit": "100"}),
    ("/api/v1/resources/", {"limit": str(2**64)}),
    ("/api/v1/resources/", {"updated_since": "2026-02-30"}),
    ("/api/v1/resources/", {"updated_since": "2026-13-01T00:00:00"}),
    ("/api/v1/resources/", {"updated_since": "2026-01-01T25:00:00"}),
    ("/api/v1/resources/", {"updated_since": "2026-01-01T00:00:00+99:00"}),
    ("/api/v1/resources/", {"updated_since": "2026-01-01T00:00:00-23:59"}),
    ("/api/v1/resources/", {"updated_since": "0001-01-01"}),
    ("/api/v1/resources/", {"updated_since": "0001-01-01T00:00:00+01:00"}),
    ("/api/v1/resources/", {"updated_since": "9999-12-31T23:59:59-05:00"}),
    ("/api/v1/resources/", {"q": '"'}),
    ("/api/v1/resources/", {"q": "a\x00b"}),
    ("/api/v1/resources/", {"q": "brott", "offset": str(10**20)}),
    ("/api/v1/resources/", {"role": "\x00"}),
    ("/api/v1/resources/", {"site": "\x00", "theme": "\x00"}),
    ("/api/v1/resources/", {"\x00": "\x00"}),
    ("/api/v1/search/", {"q": '"', "facets": "true"}),
    ("/api/v1/search/", {"q": "NEAR(a b) OR *"}),
    ("/api/v1/search/", {"q": "😀" * 50}),
    ("/api/v1/search/autocomplete/", {"q": '"'}),
    ("/api/v1/search/autocomplete/", {"q": "a\x00"}),
    ("/api/v1/resources/by-path/", {"path": "/sv/\x00/"}),
    ("/api/v1/resources/by-path/", {"path": "/sv/" + "a/" * 500}),
    ("/api/v1/resources/99999999999999999999/", {}),
    ("/api/v1/resources/9223372036854775808/", {"locale": "sv"}),
    ("/api/v1/themes/", {"locale": "en"}),
    ("/api/v1/sites/", {"x": "\x00"}),
]


@pytest.mark.parametrize(
    ("path", "params"),
    KNOWN_HOSTILE,
    ids=[f"{path[8:]}?{urlencode(params)}" for path, params in KNOWN_HOSTILE],
)
def test_known_hostile_inputs_keep_the_contract(path, params, seeded, client):
    request = Request(path, tuple(params.items()))
    check_contract(fetch(client, request), seeded.validators)


@pytest.mark.parametrize(
    "endpoint", ["resources", "search", "themes", "roles", "sites"]
)
def test_list_schemas_are_checked_against_real_items(endpoint, seeded, client):
    """The schema checks above see real data: every list here is non-empty."""
    query = {"search": (("q", "brott"),), "sites": ()}.get(endpoint, ())
    if endpoint == "resources":
        query = (("facets", "true"),)
    exchange = fetch(client, Request(ENDPOINTS[endpoint][0], query))
    body = check_contract(exchange, seeded.validators)
    assert exchange.status == 200, exchange.describe()
    assert body["items"], exchange.describe()


# --- schemathesis, from the served openapi.json -----------------------------------


def served_openapi() -> dict:
    """openapi.json from the view that serves it.

    Collection has no database, so the view is called without the middleware
    (ETag and errors); test_the_fuzzed_schema_is_the_served_one checks that
    the full stack serves the same document.
    """
    match = resolve(OPENAPI_URL)
    request = RequestFactory().get(OPENAPI_URL)
    return json.loads(match.func(request, *match.args, **match.kwargs).content)


def test_the_fuzzed_schema_is_the_served_one(seeded, client):
    exchange = fetch(client, Request(OPENAPI_URL))
    assert exchange.status == 200, exchange.describe()
    assert json.loads(exchange.body) == schema.raw_schema


def no_server_error(ctx, response, case):
    """schemathesis' not_a_server_error, with the server's traceback."""
    if response.status_code >= 500:
        tracebacks = case.operation.app.tracebacks
        raise AssertionError(
            f"Server error {response.status_code}: {response.content[:500]!r}"
            + (f"\nServer traceback:\n{tracebacks[0]}" if tracebacks else "")
        )


def errors_are_a_detail(ctx, response, case):
    """4xx bodies are JSON {"detail": "<non-empty text>"}."""
    if 400 <= response.status_code < 500:
        try:
            body = json.loads(response.content)
        except ValueError:
            raise AssertionError(
                f"{response.status_code} body is not JSON: {response.content[:300]!r}"
            ) from None
        detail = body.get("detail") if isinstance(body, dict) else None
        assert isinstance(detail, str) and detail.strip(), (
            f"{response.status_code} body has no detail: {body!r}"
        )


schema = schemathesis.openapi.from_dict(served_openapi())
schema.app = IsolatingWSGIApp()
CHECKS = [
    no_server_error,
    errors_are_a_detail,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
]


def schemathesis_test(path_regex: str):
    """schemathesis' examples, coverage and fuzzing phases for the matching path.

    One test function per path rather than one parametrized by schemathesis:
    under pytest 9.2 the items it generates all get the same node id.
    """

    @schema.include(path_regex=path_regex).parametrize()
    @settings(FUZZ, max_examples=SCHEMATHESIS_EXAMPLES)
    def test(case, seeded):
        case.call_and_validate(checks=CHECKS)

    return test


test_schemathesis_resources = schemathesis_test(r"^/api/v1/resources/$")
test_schemathesis_resource = schemathesis_test(r"^/api/v1/resources/\{[^/]+\}/$")
test_schemathesis_by_path = schemathesis_test(r"^/api/v1/resources/by-path/$")
test_schemathesis_themes = schemathesis_test(r"^/api/v1/themes/$")
test_schemathesis_roles = schemathesis_test(r"^/api/v1/roles/$")
test_schemathesis_search = schemathesis_test(r"^/api/v1/search/$")
test_schemathesis_autocomplete = schemathesis_test(r"^/api/v1/search/autocomplete/$")
test_schemathesis_sites = schemathesis_test(r"^/api/v1/sites/$")
