"""Suite-wide pytest configuration."""

import os
from collections.abc import Iterator

import pytest

# Integration tests that need a running Elasticsearch 9.
ELASTICSEARCH_MARK = "elasticsearch"
_elasticsearch_not_run = pytest.StashKey[int]()


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Without ELASTICSEARCH_URL, deselect the Elasticsearch tests.

    Deselected, not skipped: CI fails on any skip (CI_FORBID_SKIPS), and a
    run without a server is a normal run. The terminal summary says so.
    """
    from django.conf import settings

    if settings.ELASTICSEARCH_URL:
        return
    selected, deselected = [], []
    for item in items:
        needs_server = item.get_closest_marker(ELASTICSEARCH_MARK) is not None
        (deselected if needs_server else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
    config.stash[_elasticsearch_not_run] = len(deselected)


def pytest_terminal_summary(
    terminalreporter, exitstatus: int, config: pytest.Config
) -> None:
    not_run = config.stash.get(_elasticsearch_not_run, 0)
    if not_run:
        terminalreporter.write_line(
            f"Elasticsearch integration tests NOT run ({not_run}): "
            "ELASTICSEARCH_URL is not set",
            yellow=True,
            bold=True,
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (CI_FORBID_SKIPS=1) a skipped test is a failed run: nothing may hide."""
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
    """Each test starts with an empty cache: Wagtail caches site root paths."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
