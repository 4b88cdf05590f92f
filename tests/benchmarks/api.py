"""The API benchmark itself; run_api.py sets Django up and calls `run()`.

Measurements are in-process (django.test.Client): they include URL routing,
middleware, views, serialisation and the database, not a web server, the
network or connection set-up (the test client keeps the connection open).
"""

import datetime
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import dj_database_url

from tests.benchmarks import keys

RESULTS = Path(__file__).resolve().parent / "results" / "api.json"
ROLE = "upphandling-och-inkop"
SEARCH = "upphandling"
COLUMN_LIST = re.compile(r"^SELECT .*? FROM ", re.S)


def say(message: str = "") -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "")
    value = int(raw) if raw.strip() else default
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, not {value}.")
    return value


# --- The benchmark database ----------------------------------------------------


def _identity(db: dict) -> tuple:
    name = str(db.get("NAME") or "")
    if db["ENGINE"].endswith("sqlite3") and name not in ("", ":memory:"):
        name = str(Path(name).resolve())
    return (db["ENGINE"], db.get("HOST") or "", str(db.get("PORT") or ""), name)


def refuse_shared_database(db: dict) -> None:
    """Never the development database (DATABASE_URL) nor the test database."""
    dev = dj_database_url.parse(settings.DATABASE_URL)
    forbidden = {_identity(dev), _identity(dict(dev, NAME=f"test_{dev['NAME']}"))}
    test_name = (dev.get("TEST") or {}).get("NAME")
    if test_name:
        forbidden.add(_identity(dict(dev, NAME=test_name)))
    if _identity(db) in forbidden:
        raise SystemExit(
            "BENCH_DATABASE_URL points at the development or test database "
            f"({db['NAME']}); the benchmark drops it. Use a database of its own."
        )


def reset_database() -> None:
    """Drop the benchmark database (and media) and create them empty."""
    db = settings.DATABASES["default"]
    refuse_shared_database(db)
    name = str(db["NAME"])
    if connection.vendor == "sqlite":
        if name not in ("", ":memory:"):
            connection.close()
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
            Path(name).parent.mkdir(parents=True, exist_ok=True)
    elif connection.vendor == "postgresql":
        connection.close()
        quoted = connection.ops.quote_name(name)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quoted}")
    else:
        raise SystemExit(f"The benchmark supports SQLite and PostgreSQL, not {name}.")
    media = Path(settings.MEDIA_ROOT)
    if media.name != "bench-media":
        raise SystemExit(f"Refusing to empty MEDIA_ROOT {media}: not bench-media.")
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)


def run_environment() -> dict:
    """When, on what database, software and machine a benchmark ran."""
    import django

    import wagtail

    return {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "version": database_version()},
        "versions": {
            "python": platform.python_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
        },
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
    }


def database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("select version()")
        return str(cursor.fetchone()[0])


# --- Dataset ---------------------------------------------------------------------


def build_dataset(total: int, timings: dict) -> dict:
    from tests.benchmarks import dataset

    started = time.perf_counter()
    say("Migrating the benchmark database …")
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate_s"] = time.perf_counter() - started

    started = time.perf_counter()
    say("Building the 14 demo sites (DemoBuilder) …")
    created = dataset.build_demo()
    say("  " + ", ".join(f"{count} {what}" for what, count in created.items()))
    images = dataset.make_images()
    say(f"  {len(images)} listing images in {settings.MEDIA_ROOT}")
    timings["demo_s"] = time.perf_counter() - started

    real = dataset.resource_count()
    to_generate = max(0, total - real)
    if total < real:
        say(f"  BENCH_RESOURCES={total} is below the demo's {real}; nothing generated")
    started = time.perf_counter()
    say(f"Generating {to_generate} resources ({real} from the demo) …")
    generated = dataset.ResourceGenerator(to_generate, progress=say).run(images)
    timings["generate_s"] = time.perf_counter() - started
    say(f"  {generated['by_kind']} in {timings['generate_s']:.1f} s")

    problems = dataset.check_tree()
    if problems:
        raise SystemExit(f"The generated page tree is inconsistent: {problems}")
    say("  page tree checked: paths, depths and numchild consistent")
    problems = dataset.check_generated_pages()
    if problems:
        raise SystemExit(f"Generated pages are not valid: {problems}")
    say("  a generated page of each kind passes full_clean() and the publish rules")

    started = time.perf_counter()
    say("Building the search index (update_index) …")
    call_command("update_index", verbosity=1, stdout=sys.stdout)
    timings["index_s"] = time.perf_counter() - started
    say(f"  search index built in {timings['index_s']:.1f} s")
    if connection.vendor == "postgresql":
        # Autovacuum would analyse the bulk-loaded tables soon enough; without
        # fresh statistics the planner guesses one row where there are
        # hundreds and the numbers describe no real deployment. (Nothing
        # analyses a SQLite database by itself, so SQLite is left as it is.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        say("  ANALYZE done (table statistics as autovacuum would leave them)")

    return {
        "resources": dataset.resource_count(),
        "demo_resources": real,
        "generated_resources": generated["resources"],
        "generated_by_kind": generated["by_kind"],
        **dataset.demo_stats(),
    }


# --- Checks that the API serves the generated pages --------------------------


def _site_resource_counts() -> dict[str, tuple[str, int]]:
    """Resources under each site's home page, from the database."""
    from wagtail.models import Page

    from pages.models import SiteProfile
    from tests.benchmarks.dataset import resource_types

    counts = {}
    for profile in SiteProfile.objects.filter(slug__isnull=False).select_related(
        "site__root_page"
    ):
        root = profile.site.root_page
        counts[profile.slug] = (
            profile.site.hostname,
            Page.objects.filter(
                live=True,
                content_type__in=resource_types(),
                path__startswith=root.path,
                depth__gt=root.depth,
            ).count(),
        )
    return counts


def verify_api(client: Client, host: str) -> dict:
    """The API lists every resource of every site, and v2 every article."""
    from django.db.models import Q

    from wagtail.models import Page, Site

    from pages.models import ArticlePage

    say("Checking that the API serves the generated pages …")
    for slug, (hostname, expected) in sorted(_site_resource_counts().items()):
        response = client.get("/api/v1/resources/?limit=1", HTTP_HOST=hostname)
        served = response.json()["count"] if response.status_code == 200 else None
        if served != expected:
            raise SystemExit(
                f"/api/v1/resources/ on {hostname} ({slug}) answered "
                f"{response.status_code} with count {served}, expected {expected}"
            )
    say("  /api/v1/resources/ count matches the database on all sites")
    site = Site.objects.get(hostname=host)
    # v2 lists the site's pages in every language (WAGTAIL_I18N_ENABLED).
    trees = Q()
    for home in site.root_page.get_translations(inclusive=True):
        trees |= Q(path__startswith=home.path, depth__gt=home.depth)
    articles = ArticlePage.objects.live().filter(trees).count()
    response = client.get(
        "/api/v2/pages/?type=pages.ArticlePage&limit=1", HTTP_HOST=host
    )
    v2_count = response.json()["meta"]["total_count"]
    if v2_count != articles:
        raise SystemExit(f"/api/v2/pages/ on {host}: {v2_count}, expected {articles}")
    say(f"  /api/v2/pages/ lists all {articles} articles of {host}")
    response = client.get(f"/api/v1/search/?q={SEARCH}&limit=1", HTTP_HOST=host)
    hits = response.json()["count"]
    if response.status_code != 200 or not hits:
        raise SystemExit(f"/api/v1/search/?q={SEARCH} found nothing on {host}")
    site_resources = _site_resource_counts()
    slug = next(s for s, (h, _) in site_resources.items() if h == host)
    role = client.get(f"/api/v1/resources/?role={ROLE}&limit=1", HTTP_HOST=host)
    say(
        f"  on {host}: {site_resources[slug][1]} resources, "
        f"{role.json()['count']} for role={ROLE}, {hits} search hits for {SEARCH!r}"
    )
    return {
        "site": slug,
        "site_resources": site_resources[slug][1],
        "site_articles": articles,
        "role_matches": role.json()["count"],
        "search_matches": hits,
        "page_count": Page.objects.count(),
    }


def detail_resource_id(host: str) -> tuple[int, str]:
    """A generated article of the site with related resources (a typical detail)."""
    from django.db.models import Count

    from wagtail.models import Site

    from pages.models import ArticlePage

    root = Site.objects.get(hostname=host).root_page
    page = (
        ArticlePage.objects.live()
        .descendant_of(root)
        .filter(latest_revision__isnull=True)  # generated, not from the demo
        .annotate(related=Count("related_links"))
        .filter(related__gte=2)
        .order_by("pk")
        .first()
    )
    if page is None:
        page = ArticlePage.objects.live().descendant_of(root).order_by("pk").first()
    return page.pk, f"{page.kind}, {page.related_links.count()} related"


# --- Measurements ----------------------------------------------------------------


@dataclass
class Case:
    name: str
    path: str
    host: str
    description: str
    status: int = 200
    headers: dict = field(default_factory=dict)
    samples: list[float] = field(default_factory=list)
    queries: int = 0
    sql_ms: float = 0.0
    slowest_sql: str = ""
    slowest_sql_ms: float = 0.0

    def get(self, client: Client):
        response = client.get(self.path, HTTP_HOST=self.host, **self.headers)
        if response.status_code != self.status:
            raise SystemExit(
                f"{self.name}: {self.path} answered {response.status_code}, "
                f"expected {self.status}: {response.content[:300]!r}"
            )
        return response

    def summary(self) -> dict:
        ordered = sorted(self.samples)
        mean = statistics.fmean(ordered)
        return {
            "url": self.path,
            "host": self.host,
            "description": self.description,
            "status": self.status,
            "median_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(
                statistics.quantiles(ordered, n=20, method="inclusive")[-1], 3
            ),
            "mean_ms": round(mean, 3),
            "min_ms": round(ordered[0], 3),
            "max_ms": round(ordered[-1], 3),
            "rps": round(1000 / mean, 1),
            "queries": self.queries,
            "sql_ms_one_request": round(self.sql_ms, 3),
            "slowest_sql_ms": round(self.slowest_sql_ms, 3),
            "slowest_sql": self.slowest_sql,
        }


def make_cases(client: Client, host: str, detail_id: int, detail_note: str):
    listing = f"/api/v1/resources/?role={ROLE}&limit=20"
    key = keys.issue_key(host)
    keys.check_same_answer(client, host, listing, key)
    first = client.get(listing, HTTP_HOST=host)
    etag = first.get("ETag")
    if first.status_code != 200 or not etag:
        raise SystemExit(f"{listing} gave no ETag ({first.status_code})")
    return [
        Case(
            "v2_list",
            "/api/v2/pages/?type=pages.ArticlePage&fields=summary,listing_image"
            "&limit=20",
            host,
            "Wagtail API v2, articles with summary and listing image (baseline)",
        ),
        Case("v1_list_role", listing, host, "v1 list filtered by role"),
        Case(
            keys.CASE,
            listing,
            host,
            "the same list with an API key (keys.py)",
            headers=keys.key_headers(key),
        ),
        Case(
            "v1_list_role_facets",
            f"{listing}&facets=true",
            host,
            "v1 list filtered by role, with facet counts",
        ),
        Case(
            "v1_detail",
            f"/api/v1/resources/{detail_id}/",
            host,
            f"v1 detail of a generated resource ({detail_note})",
        ),
        Case(
            "v1_search",
            f"/api/v1/search/?q={SEARCH}&limit=20",
            host,
            "v1 full-text search with facets",
        ),
        Case(
            "v1_304",
            listing,
            host,
            "v1 list with If-None-Match: the ETag of a 200",
            status=304,
            headers={"HTTP_IF_NONE_MATCH": etag},
        ),
        Case("v1_200_full", listing, host, "the same list without If-None-Match"),
    ]


class QueryTimer:
    """Times each query with perf_counter (the debug cursor rounds to 1 ms)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def measure(client: Client, cases: list[Case], repeats: int, warmup: int) -> None:
    """Warm up, count queries once, then time round-robin over the cases."""
    for case in cases:
        for _ in range(warmup):
            case.get(client)
        timed = QueryTimer()
        with (
            CaptureQueriesContext(connection) as captured,
            connection.execute_wrapper(timed),
        ):
            case.get(client)
        case.queries = len(captured.captured_queries)
        times = timed.queries
        if len(times) == case.queries:  # the captured SQL has its parameters
            times = [
                (ms, query["sql"])
                for (ms, _), query in zip(times, captured.captured_queries, strict=True)
            ]
        case.sql_ms = sum(ms for ms, _ in times)
        if times:
            case.slowest_sql_ms, sql = max(times)
            # The column list says little; keep what the query reads and filters.
            sql = COLUMN_LIST.sub("SELECT … FROM ", sql, count=1)
            case.slowest_sql = sql if len(sql) <= 1500 else sql[:1500] + " …"
    # Round-robin, so drift on the machine (other processes, caches, turbo)
    # falls on every case alike rather than on whichever ran last.
    timer = time.perf_counter
    for _ in range(repeats):
        for case in cases:
            started = timer()
            case.get(client)
            case.samples.append((timer() - started) * 1000)


def report(results: dict) -> str:
    cases = results["cases"]
    lines = [
        "",
        f"Delivery API benchmark: {results['dataset']['resources']} resources, "
        f"{results['repeats']} requests per case, {results['database']['vendor']} "
        f"{results['database']['version'].split(' on ')[0]}, host "
        f"{results['host']}",
        "",
        f"{'case':<21}{'median ms':>10}{'p95 ms':>10}{'req/s':>9}{'queries':>9}"
        f"{'SQL ms':>9}",
    ]
    for name, case in cases.items():
        lines.append(
            f"{name:<21}{case['median_ms']:>10.2f}{case['p95_ms']:>10.2f}"
            f"{case['rps']:>9.1f}{case['queries']:>9}{case['sql_ms_one_request']:>9.2f}"
        )
    lines += ["", "Ratios (by median; above 1 means slower than the denominator):"]
    for name, value in results["ratios"].items():
        lines.append(f"  {name:<34}{value:>7.2f}")
    lines += [
        "",
        "SQL ms: time in the database for the one request whose queries were "
        "counted (after warm-up).",
        "",
    ]
    return "\n".join(lines)


# --- Entry point -------------------------------------------------------------------


def run() -> int:
    run_started = time.perf_counter()
    total = env_int("BENCH_RESOURCES", 10_000, minimum=1)
    repeats = env_int("BENCH_REPEATS", 200, minimum=2)
    warmup = env_int("BENCH_WARMUP", 20)
    host = os.environ.get("BENCH_HOST", "molndal.localhost")
    timings: dict[str, float] = {}

    db = settings.DATABASES["default"]
    say(f"Benchmark database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    reset_database()
    dataset_info = build_dataset(total, timings)

    client = Client()
    started = time.perf_counter()
    dataset_info.update(verify_api(client, host))
    detail_id, detail_note = detail_resource_id(host)
    cases = make_cases(client, host, detail_id, detail_note)
    say(
        f"Measuring {len(cases)} cases × {repeats} requests "
        f"(after {warmup} warm-up requests each) …"
    )
    measure(client, cases, repeats, warmup)
    timings["measure_s"] = time.perf_counter() - started
    timings["total_s"] = time.perf_counter() - run_started

    summaries = {case.name: case.summary() for case in cases}

    def ratio(a: str, b: str) -> float:
        return round(summaries[a]["median_ms"] / summaries[b]["median_ms"], 3)

    results = {
        **run_environment(),
        "dataset": dataset_info,
        "repeats": repeats,
        "warmup": warmup,
        "host": host,
        "cases": summaries,
        "ratios": {
            "v1_list_role / v2_list": ratio("v1_list_role", "v2_list"),
            "v1_list_role_facets / v2_list": ratio("v1_list_role_facets", "v2_list"),
            "v1_304 / v1_200_full": ratio("v1_304", "v1_200_full"),
            keys.RATIO: ratio(keys.CASE, keys.BASELINE),
        },
        "timings_s": {name: round(value, 1) for name, value in timings.items()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    partial = RESULTS.with_suffix(".json.tmp")
    partial.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    partial.replace(RESULTS)

    say(report(results))
    say(keys.verdict(results["ratios"][keys.RATIO]))
    say(
        "Time: "
        + ", ".join(f"{name[:-2]} {value:.1f} s" for name, value in timings.items())
    )
    say(f"Wrote {RESULTS}")
    return 0
