"""/api/v1/openapi.json: served as JSON, valid OpenAPI, and it describes API.md.

API.md (the contract) lists the endpoints, their parameters, the response
fields and the vocabularies (role, kind, theme, order) the document must
describe; those lists are restated here, since the project never reads API.md.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.test import Client

import pytest
from openapi_spec_validator import validate

from pages.models import Role

pytestmark = pytest.mark.django_db

OPENAPI_URL = "/api/v1/openapi.json"

# API.md, "Common parameters" and each endpoint's own.
LIST_FILTERS = ("role", "role_strict", "theme", "topic", "kind", "q", "updated_since")
ENDPOINTS = {
    "resources": (
        "/api/v1/resources/",
        ("site", "locale", "limit", "offset", *LIST_FILTERS, "order", "facets"),
    ),
    "resource": (r"/api/v1/resources/{id}/", ("site", "locale")),
    "by-path": ("/api/v1/resources/by-path/", ("site", "path")),
    "themes": ("/api/v1/themes/", ("site", "locale")),
    "roles": ("/api/v1/roles/", ("site", "locale")),
    "search": (
        "/api/v1/search/",
        ("site", "locale", "limit", "offset", *LIST_FILTERS, "order", "exact"),
    ),
    "autocomplete": ("/api/v1/search/autocomplete/", ("site", "locale", "q")),
    "sites": ("/api/v1/sites/", ()),
}
KINDS = ("article", "video", "webinar", "podcast", "link")
ORDERS = ("-published", "published", "title", "-title", "relevance")
# Theme hubs are pages; the demo's are the ones every installation starts with.
VOCABULARY = json.loads(
    (Path(__file__).resolve().parents[2] / "pages/demo/data/vocabulary.json").read_text(
        "utf-8"
    )
)
THEMES = tuple(theme["slug"] for theme in VOCABULARY["themes"])

# API.md's response fields (the contract allows additions, not renames).
SUMMARY = (
    "id",
    "kind",
    "title",
    "slug",
    "summary",
    "url",
    "api_url",
    "locale",
    "site",
    "theme",
    "topic",
    "roles",
    "image",
    "published_at",
    "updated_at",
    "shared_from",
    "translations",
)
VIDEO = ("file_url", "embed_url", "provider", "duration_seconds", "captions")
VIDEO += ("transcript",)
RESPONSE_FIELDS = {
    "resources": {
        "": ("count", "items", "facets"),
        "items": SUMMARY,
        "facets": ("role", "kind", "theme", "topic"),
        "facets.role": ("slug", "name", "count"),
        "facets.kind": ("slug", "count"),
        "facets.theme": ("slug", "title", "count"),
        "facets.topic": ("slug", "title", "count"),
        "items.theme": ("slug", "title"),
        "items.topic": ("slug", "title"),
        "items.roles": ("slug", "name"),
        "items.image": ("url", "width", "height", "alt"),
        "items.shared_from": ("site", "id"),
        "items.translations": ("locale", "id"),
    },
    "resource": {
        "": (*SUMMARY, "body", "video", "webinar", "podcast", "link", "related"),
        "body": ("type", "value", "id"),
        "video": VIDEO,
        "video.captions": ("language", "url"),
        "webinar": (*VIDEO, "held_on", "speakers", "slides_url"),
        "podcast": ("audio_url", "mime_type", "duration_seconds", "transcript"),
        "podcast.series": ("slug", "title"),
        "link": ("external_url", "publisher", "language", "link_checked_at"),
        "related": SUMMARY,
    },
    "by-path": {"": (*SUMMARY, "body", "related")},
    "themes": {
        "": ("items",),
        "items": ("slug", "title", "intro", "url", "topics"),
        "items.topics": ("slug", "title", "url", "count"),
    },
    "roles": {"": ("items",), "items": ("slug", "name", "description", "count")},
    "search": {
        "": ("count", "items", "facets", "corrected_query", "original_query"),
        "items": (*SUMMARY, "highlight"),
        "facets": ("role", "kind", "theme", "topic"),
    },
    "autocomplete": {"": ("items",), "items": ("title", "url", "kind", "id")},
    "sites": {
        "": ("items",),
        "items": ("slug", "name", "hostname", "is_hub", "locales"),
    },
}
RESPONSE_FIELDS["resource"]["link"] += ("link_ok",)


@dataclass(frozen=True, repr=False)
class Served:
    status: int
    content_type: str
    body: bytes
    document: dict
    role_slugs: tuple[str, ...]

    def __repr__(self) -> str:
        return f"<Served {OPENAPI_URL}: {self.status}>"


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker):
    """The document as the API serves it, fetched once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        response = Client().get(OPENAPI_URL)
        try:
            document = json.loads(response.content)
        except ValueError:
            document = {}
        yield Served(
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=response.content,
            document=document,
            role_slugs=tuple(sorted(set(Role.objects.values_list("slug", flat=True)))),
        )
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def document(served):
    assert served.status == 200, served.body[:500]
    return served.document


def resolve(document: dict, schema: dict) -> dict:
    """Follow $ref; of an anyOf/oneOf with null, the non-null branch."""
    while True:
        if "$ref" in schema:
            assert schema["$ref"].startswith("#/"), schema["$ref"]
            target = document
            for part in schema["$ref"][2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
            continue
        branches = schema.get("anyOf") or schema.get("oneOf")
        if branches:
            real = [b for b in branches if b.get("type") != "null"]
            if len(real) == 1:
                rest = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
                schema = {**rest, **real[0]}
                continue
        return schema


def properties(document: dict, schema: dict) -> dict:
    """The properties of an object schema (allOf merged; of a union such as
    the detail's, discriminated by kind, those of every branch), or of an
    array's items."""
    schema = resolve(document, schema)
    if schema.get("type") == "array" and "items" in schema:
        return properties(document, schema["items"])
    merged = dict(schema.get("properties", {}))
    for part in [*schema.get("allOf", []), *schema.get("oneOf", [])]:
        merged.update(properties(document, part))
    return merged


def operation(document: dict, endpoint: str) -> dict:
    template = ENDPOINTS[endpoint][0]
    pattern = re.escape(template).replace(r"\{id\}", r"\{[^/{}]+\}")
    matches = [path for path in document["paths"] if re.fullmatch(pattern, path)]
    assert len(matches) == 1, f"{template} is not (once) in openapi.json: {matches}"
    operations = document["paths"][matches[0]]
    assert "get" in operations, f"{matches[0]} has no GET"
    return operations["get"]


def parameters(document: dict, endpoint: str) -> dict[str, dict]:
    found = {}
    for parameter in operation(document, endpoint).get("parameters", []):
        parameter = resolve(document, parameter)
        found[parameter["name"]] = parameter
    return found


def documented_values(document: dict, parameter: dict) -> str:
    """Everything that documents a parameter's values: enums and descriptions."""
    schema = parameter.get("schema", {})
    texts = [parameter.get("description", "")]
    for candidate in (schema, resolve(document, schema), *schema.get("anyOf", [])):
        candidate = resolve(document, candidate)
        texts.append(candidate.get("description", ""))
        texts += [json.dumps(value) for value in candidate.get("enum", [])]
        if "const" in candidate:
            texts.append(json.dumps(candidate["const"]))
    return "\n".join(texts)


def mentions(text: str, value: str) -> bool:
    """`value` as a whole word (so "title" is not found inside "-title")."""
    return re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text) is not None


# --- Served and valid -------------------------------------------------------------


def test_openapi_json_is_served_as_json(served):
    assert served.status == 200, served.body[:500]
    assert served.content_type.startswith("application/json"), served.content_type
    assert isinstance(served.document, dict) and served.document, served.body[:500]


def test_document_is_valid_openapi_3(document):
    assert str(document.get("openapi", "")).startswith("3."), document.get("openapi")
    validate(document)  # raises OpenAPIValidationError, naming the offending part


def test_the_validator_would_notice_a_broken_document(document):
    """Guard against a validator that accepts anything."""
    broken = json.loads(json.dumps(document))
    broken.pop("info", None)
    operation(broken, "sites")["responses"] = "none"
    with pytest.raises(Exception, match="info|responses"):
        validate(broken)


# --- Endpoints and parameters -------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_is_described_with_its_parameters(document, endpoint):
    found = parameters(document, endpoint)
    missing = [name for name in ENDPOINTS[endpoint][1] if name not in found]
    assert not missing, f"{ENDPOINTS[endpoint][0]}: parameters {missing} undocumented"
    for name in ENDPOINTS[endpoint][1]:
        assert found[name]["in"] == "query", (name, found[name]["in"])


def test_the_resource_id_is_an_integer_path_parameter(document):
    in_path = [
        p for p in parameters(document, "resource").values() if p["in"] == "path"
    ]
    assert len(in_path) == 1, in_path
    assert in_path[0].get("required") is True
    assert resolve(document, in_path[0]["schema"]).get("type") == "integer"


def test_by_path_requires_the_path(document):
    assert parameters(document, "by-path")["path"].get("required") is True


@pytest.mark.parametrize("endpoint", ["resources", "search"])
def test_limit_and_offset_document_their_ranges_and_defaults(document, endpoint):
    found = parameters(document, endpoint)
    limit = resolve(document, found["limit"]["schema"])
    offset = resolve(document, found["offset"]["schema"])
    assert limit.get("type") == "integer"
    assert (limit.get("minimum"), limit.get("maximum")) == (1, 100), limit
    assert limit.get("default") == 20, limit
    assert offset.get("type") == "integer"
    assert offset.get("minimum") == 0, offset
    assert offset.get("default", 0) == 0, offset


@pytest.mark.parametrize(
    ("endpoint", "flag"),
    [
        ("resources", "role_strict"),
        ("resources", "facets"),
        ("search", "role_strict"),
        ("search", "exact"),
    ],
)
def test_flags_are_booleans(document, endpoint, flag):
    schema = parameters(document, endpoint)[flag]["schema"]
    assert resolve(document, schema).get("type") == "boolean"


# --- Vocabularies -------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["resources", "search"])
def test_kind_vocabulary_is_documented(document, endpoint):
    text = documented_values(document, parameters(document, endpoint)["kind"])
    missing = [kind for kind in KINDS if not mentions(text, kind)]
    assert not missing, f"kind on {endpoint}: {missing} undocumented in {text!r}"


@pytest.mark.parametrize("endpoint", ["resources", "search"])
def test_order_vocabulary_is_documented(document, endpoint):
    text = documented_values(document, parameters(document, endpoint)["order"])
    missing = [order for order in ORDERS if not mentions(text, order)]
    assert not missing, f"order on {endpoint}: {missing} undocumented in {text!r}"


@pytest.mark.parametrize("endpoint", ["resources", "search"])
def test_role_vocabulary_is_documented(document, served, endpoint):
    """Every role slug listed (enum or description), or the roles endpoint named:
    editors can add roles, so a pointer to /api/v1/roles/ is documentation too."""
    assert served.role_slugs, "no roles in the database to document"
    text = documented_values(document, parameters(document, endpoint)["role"])
    missing = [slug for slug in served.role_slugs if not mentions(text, slug)]
    assert "/roles/" in text or not missing, (
        f"role on {endpoint}: neither /api/v1/roles/ nor {missing} in {text!r}"
    )


@pytest.mark.parametrize("endpoint", ["resources", "search"])
def test_theme_vocabulary_is_documented(document, endpoint):
    """API.md: "with the role/kind/theme vocabularies as enums or documented".
    Themes are pages, so naming /api/v1/themes/ counts as documenting them."""
    text = documented_values(document, parameters(document, endpoint)["theme"])
    missing = [theme for theme in THEMES if not mentions(text, theme)]
    assert "/themes/" in text or not missing, (
        f"theme on {endpoint}: neither /api/v1/themes/ nor {missing} in {text!r}"
    )


# --- Responses ----------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_responses_are_documented_with_json_schemas(document, endpoint):
    responses = operation(document, endpoint)["responses"]
    for status in ("200", "400", "404"):
        assert status in responses, f"{endpoint}: no {status} response documented"
        content = responses[status].get("content", {})
        assert "application/json" in content, f"{endpoint} {status}: not JSON"
        assert "schema" in content["application/json"], f"{endpoint} {status}"
    for status in ("400", "404"):
        schema = responses[status]["content"]["application/json"]["schema"]
        detail = properties(document, schema).get("detail")
        assert detail is not None, f"{endpoint} {status}: no detail property"
        assert resolve(document, detail).get("type") == "string"
        assert "detail" in resolve(document, schema).get("required", [])


def _field_schema(document: dict, schema: dict, dotted: str) -> dict:
    for name in filter(None, dotted.split(".")):
        fields = properties(document, schema)
        assert name in fields, f"no {name!r} on the way to {dotted!r}"
        schema = fields[name]
    return schema


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_response_schemas_name_the_fields_of_api_md(document, endpoint):
    responses = operation(document, endpoint)["responses"]
    root = responses["200"]["content"]["application/json"]["schema"]
    for where, expected in RESPONSE_FIELDS[endpoint].items():
        fields = properties(document, _field_schema(document, root, where))
        missing = [name for name in expected if name not in fields]
        assert not missing, f"{endpoint} {where or '(root)'}: {missing} undocumented"


def test_the_lists_above_cover_the_same_endpoints():
    assert set(ENDPOINTS) == set(RESPONSE_FIELDS)
