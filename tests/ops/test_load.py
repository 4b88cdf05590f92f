"""Bounded load against gunicorn with the production settings, with faults.

60 s at 32 keep-alive connections over a mix of API, site pages and search
(tests/ops/load_harness.py), three times: plain; while the sharing worker
fans GR's publishes out to the 13 members; and with Redis stopped for 30 s
in the middle. Each run must have no 5xx and no connection error; the
figures (p50/p95/p99, requests per second) are in the test report.

PostgreSQL only (as production): the database is one of its own on the
server of DATABASE_URL.
"""

import os
import threading
import time

import pytest

from tests.ops.load_harness import ServedDemo, run_load, url_mix

pytestmark = [pytest.mark.postgresql, pytest.mark.load, pytest.mark.redis_server]

SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
CONNECTIONS = 32

PUBLISH = """
from pages.models import ArticlePage, ShareWith
page = (
    ArticlePage.objects.live().filter(alias_of=None, share_with=ShareWith.ALL)
    .exclude(url_path__contains="/en/").order_by("pk").first()
)
page.title = page.title.split(" · ")[0] + " · {n}"
page.save_revision().publish()
print(page.pk)
"""
CAUGHT_UP = """
from wagtail.models import Page
page = Page.objects.get(pk={pk})
aliases = Page.objects.filter(alias_of=page)
published = page.last_published_at
current = [a for a in aliases if a.live and a.last_published_at == published]
print(aliases.count(), len(current))
"""


@pytest.fixture(scope="module")
def demo():
    server_url = os.environ["DATABASE_URL"]
    served = ServedDemo(server_url)
    try:
        yield served.start()
    finally:
        served.stop()


@pytest.fixture(scope="module")
def mix(demo):
    return url_mix(demo)


def assert_clean(demo: ServedDemo, result, record_property) -> dict:
    summary = result.summary()
    record_property("load", summary)
    print(f"\n{summary}")  # noqa: T201 - the figures for the operator's note
    failures = result.not_ok()[:5]
    assert not failures, f"error answers: {failures}; {demo.tail()}"
    assert not result.errors, f"connection errors: {result.errors[:5]}"
    assert summary["all"]["requests"] > 0
    return summary


def test_plain_load(demo, mix, record_property):
    result = run_load(demo, mix, SECONDS, CONNECTIONS)
    assert_clean(demo, result, record_property)


def test_load_while_the_worker_shares_publishes_with_13_members(
    demo, mix, record_property
):
    published: list[int] = []
    stop = threading.Event()

    def publisher() -> None:
        n = 0
        while not stop.wait(SECONDS / 6):
            n += 1
            out = demo.manage("shell", "-c", PUBLISH.format(n=n), production=True)
            published.append(int(out.split()[-1]))

    thread = threading.Thread(target=publisher, daemon=True)
    thread.start()
    result = run_load(demo, mix, SECONDS, CONNECTIONS)
    stop.set()
    thread.join(timeout=120)
    assert_clean(demo, result, record_property)
    assert published, "nothing was published during the run"
    # Every member has the latest publish within a minute.
    deadline = time.monotonic() + 60
    while True:
        out = demo.manage(
            "shell", "-c", CAUGHT_UP.format(pk=published[-1]), production=True
        )
        aliases, current = (int(n) for n in out.split()[-2:])
        if aliases == current == 13:
            break
        assert time.monotonic() < deadline, (aliases, current, demo.tail())
        time.sleep(2)


def test_load_with_redis_stopped_and_started_again(demo, mix, record_property):
    stopped_at, started_at = SECONDS / 4, SECONDS * 3 / 4

    def outage() -> None:
        time.sleep(stopped_at)
        demo.redis.stop()
        time.sleep(started_at - stopped_at)
        demo.redis.start()

    thread = threading.Thread(target=outage, daemon=True)
    thread.start()
    result = run_load(demo, mix, SECONDS, CONNECTIONS)
    thread.join(timeout=30)
    summary = assert_clean(demo, result, record_property)
    # The site answered all along: requests in every 5 s of the run.
    for start in range(0, int(SECONDS) - 5, 5):
        assert result.in_window(start, start + 5) > 0, (start, summary)
    windows = {
        "before": result.latencies_between(0, stopped_at),
        "during": result.latencies_between(stopped_at + 1, started_at),
        "after": result.latencies_between(started_at + 1, SECONDS),
    }
    assert all(windows.values()), {name: len(v) for name, v in windows.items()}
    medians = {name: round(sorted(v)[len(v) // 2], 1) for name, v in windows.items()}
    record_property("median ms before / during / after the outage", medians)
    print(f"median ms before / during / after the outage: {medians}")  # noqa: T201
