"""Machinery of test_fuzz.py: seeded data, isolated requests, contract checks."""

import json
import logging
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client

from wagtail.models import Page

from jsonschema import Draft202012Validator

from pages.models import RESOURCE_MODELS, Role, SiteProfile, ThemeHubPage, TopicPage

from .fuzz_strategies import Request, Vocabulary

OPENAPI_URL = "/api/v1/openapi.json"


def vocabulary_from_database() -> Vocabulary:
    """Valid slugs, ids and paths of the (seeded) database."""
    profiles = SiteProfile.objects.filter(slug__isnull=False).select_related("site")
    # Each site's home page in every language.
    site_of_root = {}
    for profile in profiles:
        for home in profile.site.root_page.get_translations(inclusive=True):
            site_of_root[home.path] = profile.slug
    resources = []
    for model in RESOURCE_MODELS:
        for page in model.objects.live().public():
            root = next(path for path in site_of_root if page.path.startswith(path))
            _, _, page_path = page.get_url_parts()
            resources.append((site_of_root[root], page.pk, page_path))
    words = set()
    for model in RESOURCE_MODELS:
        for title in model.objects.values_list("title", flat=True):
            words.update(w for w in re.findall(r"\w+", title) if len(w) > 2)
    return Vocabulary(
        sites=tuple(sorted(profile.slug for profile in profiles)),
        default_site=next(p.slug for p in profiles if p.site.is_default_site),
        roles=tuple(sorted(set(Role.objects.values_list("slug", flat=True)))),
        themes=tuple(sorted(set(ThemeHubPage.objects.values_list("slug", flat=True)))),
        topics=tuple(sorted(set(TopicPage.objects.values_list("slug", flat=True)))),
        words=tuple(sorted(words)),
        resources=tuple(sorted(resources)),
        page_ids=tuple(Page.objects.order_by("pk").values_list("pk", flat=True)),
    )


# --- Requests that cannot disturb the test transaction ------------------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def tracebacks(self) -> list[str]:
        return [
            "".join(traceback.format_exception(*record.exc_info))
            for record in self.records
            if record.exc_info
        ]


@contextmanager
def isolated_request() -> Iterator[_Records]:
    """Run one request in a savepoint that is rolled back; collect logged errors.

    A failing SQL statement aborts a PostgreSQL transaction; without the
    savepoint every later request of the test would fail with it.
    """
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    savepoint = transaction.savepoint()
    try:
        yield handler
    finally:
        transaction.savepoint_rollback(savepoint)
        root.removeHandler(handler)


@dataclass
class Exchange:
    """A request and what came back."""

    method: str
    url: str
    status: int
    content_type: str
    body: bytes
    tracebacks: list[str] = field(default_factory=list)

    def describe(self) -> str:
        shown = self.body[:2000].decode("utf-8", "replace")
        text = (
            f"{self.method} {self.url}\n-> {self.status} {self.content_type}\n{shown}"
        )
        for logged in self.tracebacks[:1]:
            text += f"\nServer traceback:\n{logged}"
        return text


def encode_query(query: tuple[tuple[str, str], ...]) -> str:
    return urlencode(list(query), encoding="utf-8")


def fetch(client: Client, request: Request) -> Exchange:
    query = encode_query(request.query)
    with isolated_request() as errors:
        response = client.get(request.path, QUERY_STRING=query)
    return Exchange(
        method="GET",
        url=request.path + (f"?{query}" if query else ""),
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        body=response.content,
        tracebacks=errors.tracebacks(),
    )


class IsolatingWSGIApp:
    """Django's own WSGI handler, made safe to call inside a test transaction.

    A real WSGI server closes "old" database connections when a request starts
    and ends (close_old_connections on request_started/request_finished). Inside
    a test transaction that closes the test's connection: on PostgreSQL every
    later query fails (SQLite's in-memory test database ignores close()). Django's
    test client avoids it the same way: by disconnecting that receiver. Each
    request also runs in a savepoint that is rolled back (see isolated_request).
    """

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.tracebacks: list[str] = []

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            with isolated_request() as errors:
                response = self.handler(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    response.close()
            self.tracebacks = errors.tracebacks()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


# --- The contract every response must keep ------------------------------------


def response_validators(openapi: dict) -> dict[str, Draft202012Validator]:
    """A validator of the documented 200 body for each path of openapi.json."""
    validators = {}
    for path, operations in openapi["paths"].items():
        if "get" not in operations:
            continue
        content = operations["get"]["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if schema is None:
            continue
        root = {**schema, "components": openapi.get("components", {})}
        validators[path] = Draft202012Validator(
            root, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    return validators


def template_of(path: str, templates) -> str | None:
    """The openapi.json path template (/api/v1/resources/{x}/) matching `path`."""
    for template in templates:
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path) and "{" not in path:
            return template
    return None


def check_contract(exchange: Exchange, validators: dict[str, Draft202012Validator]):
    """API.md's rules for any response; returns the parsed JSON body."""
    where = exchange.describe()
    assert exchange.status < 500, f"Server error:\n{where}"
    assert exchange.status in (200, 400, 404), f"Unexpected status:\n{where}"
    assert exchange.content_type.startswith("application/json"), f"Not JSON:\n{where}"
    try:
        body = json.loads(exchange.body)
    except ValueError as exc:
        raise AssertionError(f"Body is not valid JSON ({exc}):\n{where}") from None
    if exchange.status != 200:
        assert isinstance(body, dict) and "detail" in body, f"No detail:\n{where}"
        detail = body["detail"]
        assert isinstance(detail, str) and detail.strip(), f"Empty detail:\n{where}"
        return body
    path = urlsplit(exchange.url).path
    template = template_of(path, validators)
    assert template is not None, f"No documented 200 schema for {path}:\n{where}"
    errors = sorted(validators[template].iter_errors(body), key=lambda e: e.path)
    assert not errors, (
        f"200 body does not match the schema of {template} in openapi.json:\n"
        + "\n".join(
            f"- at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}"
            for e in errors[:10]
        )
        + f"\n{where}"
    )
    return body
