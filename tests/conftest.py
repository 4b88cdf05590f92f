"""Suite-wide pytest configuration."""

import os

import pytest


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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: Wagtail caches site root paths."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
