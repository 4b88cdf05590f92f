"""Suite-wide pytest configuration."""

import os
from collections.abc import Iterator

import pytest

from tests.browser import environment as browser_environment
from tests.ops import redis_server
from tests.plone_env import install as plone_install

# Tests that need a component this run may not have: the marker, what the
# run lacks of it ("" when it has everything) and what the summary says then.
NEEDS = {
    "elasticsearch": (
        lambda: "" if _settings().ELASTICSEARCH_URL else "ELASTICSEARCH_URL is not set",
        "Elasticsearch integration tests NOT run ({count}): {missing}",
    ),
    "postgresql": (
        lambda: (
            ""
            if _vendor() == "postgresql"
            else "the database is not PostgreSQL (set DATABASE_URL; CI runs them)"
        ),
        "PostgreSQL-only tests NOT run here ({count}): {missing}",
    ),
    "sqlite_pass": (
        lambda: (
            ""
            if _vendor() == "sqlite"
            else "they build a database of their own whatever DATABASE_URL "
            "says, so the SQLite pass runs them"
        ),
        "Tests of the SQLite pass NOT run here ({count}): {missing}",
    ),
    "browser": (
        browser_environment.missing,
        "Browser tests NOT run ({count}): {missing}",
    ),
    "redis_server": (
        lambda: (
            ""
            if redis_server.REDIS_SERVER_FOUND
            else "redis-server is not installed (Debian: apt-get install -y "
            "redis-server; .ci/run installs it)"
        ),
        "Tests that stop and start their own Redis NOT run ({count}): {missing}",
    ),
    "plone": (
        plone_install.missing,
        "Live Plone import tests (tests/plone_import/live/) NOT run ({count}): "
        "{missing}",
    ),
}
# Components CI must have: with CI_FORBID_SKIPS=1, lacking one fails the run.
REQUIRED_IN_CI = {"browser", "redis_server", "plone"}
_not_run = pytest.StashKey[dict[str, tuple[int, str]]]()


def _settings():
    from django.conf import settings

    return settings


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Deselect the tests whose component this run lacks (NEEDS).

    Deselected, not skipped: CI fails on any skip (CI_FORBID_SKIPS), and a
    run without Elasticsearch, or on SQLite, is a normal run; CI's
    PostgreSQL run covers the PostgreSQL tests. The terminal summary says
    what was not run. A component CI must have (REQUIRED_IN_CI) fails a CI
    run instead (pytest_sessionfinish).
    """
    missing = {mark: lacks() for mark, (lacks, _) in NEEDS.items()}
    missing = {mark: what for mark, what in missing.items() if what}
    selected, deselected = [], []
    counts = dict.fromkeys(missing, 0)
    for item in items:
        lacking = [mark for mark in missing if item.get_closest_marker(mark)]
        for mark in lacking:
            counts[mark] += 1
        (deselected if lacking else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
    config.stash[_not_run] = {
        mark: (count, missing[mark]) for mark, count in counts.items()
    }


def pytest_terminal_summary(
    terminalreporter, exitstatus: int, config: pytest.Config
) -> None:
    for mark, (count, missing) in config.stash.get(_not_run, {}).items():
        if count:
            terminalreporter.write_line(
                NEEDS[mark][1].format(count=count, missing=missing),
                yellow=True,
                bold=True,
            )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (CI_FORBID_SKIPS=1) a skipped test is a failed run: nothing may
    hide. So is a test not run for lack of a component CI must have."""
    if os.environ.get("CI_FORBID_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"CI_FORBID_SKIPS: {len(skipped)} test(s) were skipped; failing the run.",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    for mark, (count, missing) in session.config.stash.get(_not_run, {}).items():
        if count and mark in REQUIRED_IN_CI:
            message = f"CI_FORBID_SKIPS: {count} {mark} test(s) not run: {missing}"
            if reporter:
                reporter.write_line(f"{message}; failing the run.", red=True)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def elasticsearch_url() -> Iterator[str | None]:
    """ELASTICSEARCH_URL, for the tests marked `elasticsearch` only.

    Every other test runs on the database backends, as in CI, even when it
    is set: an Elasticsearch index outlives each test's rolled-back database
    (and must not be the developer's own). The marked tests switch it on for
    themselves, each in an index of its own (tests/search/test_elasticsearch.py).
    """
    from django.conf import settings
    from django.test import override_settings

    from search.elasticsearch import PUBLIC_BACKEND

    url = settings.ELASTICSEARCH_URL
    database_only = override_settings(
        ELASTICSEARCH_URL=None,
        WAGTAILSEARCH_BACKENDS={
            name: config
            for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
            if name != PUBLIC_BACKEND
        },
    )
    database_only.enable()
    yield url
    database_only.disable()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: Wagtail caches site root paths.

    The API's memo of what a content version shows goes too: a rolled-back
    test reuses the version numbers of the one before.
    """
    from django.core.cache import cache

    from pages.delivery.memo import memo

    cache.clear()
    memo.clear()
    yield
    cache.clear()
    memo.clear()
