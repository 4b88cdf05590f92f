#!/usr/bin/env python
"""`make bench-peers`: this project, Plone 6.2 and Directus 11 on the same
data, asked the same questions, side by side.

1. This project builds its database (build_project.py): the demo's sites and
   PEERS_RESOURCES resources on GR's site, and writes them as records.
2. Each peer installs itself under var/peers/ (once), starts, and loads
   those records.
3. Every peer must give the same totals for the first list questions as
   the records themselves do, or the run stops: a benchmark of different
   answers would mean nothing.
4. Sequential latency: PEERS_REQUESTS requests per row over one keep-alive
   connection per peer, interleaved (each question goes to every peer in
   turn, the order rotating), after PEERS_WARMUP untimed ones.
5. Concurrency: wrk, 2 threads and PEERS_CONNECTIONS connections for
   PEERS_WRK_SECONDS per row and peer, cycling through a drawn sequence of
   the row's questions.
6. Resident memory of each serving process, after the load.

Rows: `list` (roles OR'ed, newest first, 20 a page) and `search` (one
Swedish query) for every peer; for this project only (the peers have no
equivalent in one request): `list+facets`, `304` (a revalidation), `list,
cache emptied` and `search, cache emptied` (its shared cache emptied before
each request, so every answer is computed: the cost of a question nobody
asked since the last change), and `site` (its HTML pages for anonymous
readers: home, theme, topic, resource and role page).

Prints one table and writes tests/benchmarks/results/peers.json. Every
server it started is stopped, also after a failure.

Environment:
    PEERS_RESOURCES    resources on GR's site, demo ones included (5000)
    PEERS_ONLY         comma list of peers: project, plone, directus (all)
    PEERS_DATABASE_URL PostgreSQL server for this project and Directus
                       (postgres://postgres@127.0.0.1:5432/postgres when it
                       answers; otherwise SQLite for both); "sqlite" for
                       SQLite whatever answers
    PEERS_DIR          where peers install and keep data (var/peers)
    PEERS_REUSE        1: keep this project's database of the last run (when
                       trying a change that leaves the data alone)
    PEERS_REQUESTS     sequential requests per row and peer (300)
    PEERS_WARMUP       untimed requests per row and peer first (30)
    PEERS_WRK_SECONDS  wrk's duration per row and peer; 0 for none (20)
    PEERS_CONNECTIONS  wrk's connections (16)
    PEERS_RESULTS      where to write the results (results/peers.json)
"""

import dataclasses
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.peers import workload  # noqa: E402
from tests.benchmarks.peers.common import (  # noqa: E402
    PEERS_DIR,
    RECORDS_FILE,
    Peer,
    Query,
    read_records,
    say,
)
from tests.benchmarks.peers.project import SITE_PAGES  # noqa: E402

SEED = 20261206
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
WRK_SCRIPT = Path(__file__).with_name("paths.lua")
# Questions checked against the records on every peer before measuring.
CHECKED = 25


@dataclasses.dataclass
class Row:
    """One row of the table: the questions, in the order asked, and who is
    asked. `headers` adds request headers (a revalidation's If-None-Match);
    `before` runs before each request (emptying the cache); `pool` is what
    wrk's longer sequence is drawn from (None: no wrk for this row)."""

    questions: list
    names: list[str]
    headers: Callable | None = None
    before: Callable | None = None
    pool: list | None = None


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def postgres_server() -> str | None:
    """The PostgreSQL server to use, or None for SQLite."""
    import psycopg

    url = os.environ.get("PEERS_DATABASE_URL", "").strip()
    if url == "sqlite":
        return None
    try:
        with psycopg.connect(url or DEFAULT_SERVER, connect_timeout=3):
            return url or DEFAULT_SERVER
    except psycopg.OperationalError as error:
        if url:
            raise SystemExit(f"PEERS_DATABASE_URL does not answer: {error}") from None
        return None


def database_url(server: str | None, name: str) -> str:
    if server:
        return server.rsplit("/", 1)[0] + f"/{name}"
    return f"sqlite:///{PEERS_DIR / f'{name}.sqlite3'}"


def make_peers(only: set[str], server: str | None) -> list[Peer]:
    from tests.benchmarks.peers.project import ProjectPeer

    peers: list[Peer] = [ProjectPeer(database_url(server, "peers_project"))]
    if "plone" in only:
        from tests.benchmarks.peers.plone import PlonePeer

        peers.append(PlonePeer())
    if "directus" in only:
        from tests.benchmarks.peers.directus import DirectusPeer

        peers.append(
            DirectusPeer(database_url(server, "peers_directus") if server else None)
        )
    return peers


class Client:
    """One keep-alive connection to a peer."""

    def __init__(self, peer: Peer) -> None:
        self.peer = peer
        address = urlsplit(peer.base_url)
        self.connection = http.client.HTTPConnection(
            address.hostname, address.port, timeout=60
        )

    def get(
        self, path: str, headers: dict | None = None
    ) -> tuple[int, bytes, float, dict]:
        """(status, body, milliseconds, headers). A connection the server
        closed while idle (Node's keep-alive ends after 5 s) is opened again
        and the request timed afresh; a second failure is an error."""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request(
                    "GET", path, headers=self.peer.headers() | (headers or {})
                )
                response = self.connection.getresponse()
                body = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.connection.close()
                if attempt == 2:
                    raise
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, body, elapsed, dict(response.getheaders())

    def close(self) -> None:
        self.connection.close()


def check_answers(clients: dict[str, Client], records, pool: list[Query]) -> dict:
    """Every peer counts the first CHECKED list questions as the records do;
    search totals are reported (engines tokenise differently)."""
    for query in pool[:CHECKED]:
        expected = len(workload.matching(records, query))
        for name, client in clients.items():
            status, body, _, _ = client.get(client.peer.path(query))
            got = client.peer.total(body) if status == 200 else None
            if got != expected:
                raise SystemExit(
                    f"{name} answers {status} with {got} matches for {query}, "
                    f"the records have {expected}: {body[:300]!r}"
                )
    say(f"  {CHECKED} list questions: every peer counts what the records hold")
    totals = {}
    for query in workload.search_pool(random.Random(0)):
        totals[query.q] = {}
        for name, client in clients.items():
            status, body, _, _ = client.get(client.peer.path(query))
            totals[query.q][name] = client.peer.total(body) if status == 200 else status
    return totals


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def sequential(
    clients: dict[str, Client], rows: dict[str, Row], requests: int, warmup: int
) -> dict:
    """Median and p99 per row and peer, the peers taking turns per question."""
    results: dict = {}
    for label, row in rows.items():
        samples = {name: [] for name in row.names}
        errors = dict.fromkeys(row.names, 0)
        for number, query in enumerate(row.questions[: warmup + requests]):
            turn = number % len(row.names)
            for name in row.names[turn:] + row.names[:turn]:
                client = clients[name]
                path = query if isinstance(query, str) else client.peer.path(query)
                headers = row.headers(client, path) if row.headers else None
                if row.before:
                    row.before(client.peer)
                status, _, ms, _ = client.get(path, headers)
                if status not in (200, 304):
                    errors[name] += 1
                if number >= warmup:
                    samples[name].append(ms)
        results[label] = {
            name: {
                "median_ms": round(statistics.median(samples[name]), 2),
                "p99_ms": round(percentile(samples[name], 0.99), 2),
                "requests": len(samples[name]),
                "errors": errors[name],
            }
            for name in row.names
        }
        say(
            f"  {label}: "
            + ", ".join(f"{n} {v['median_ms']} ms" for n, v in results[label].items())
        )
    return results


def parse_duration(text: str) -> float:
    """wrk's '190.00ms', '1.62s', '812.00us' in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(peer: Peer, paths: list[str], seconds: int, connections: int) -> dict:
    """Requests per second, p50 and p99 and errors under wrk."""
    paths_file = PEERS_DIR / "wrk-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    headers = [
        arg
        for key, value in peer.headers().items()
        for arg in ("-H", f"{key}: {value}")
    ]
    result = subprocess.run(
        [
            WRK,
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
        ]
        + headers
        + ["-s", str(WRK_SCRIPT), peer.base_url],
        env=os.environ | {"WRK_PATHS": str(paths_file)},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    out = result.stdout
    if result.returncode:
        raise SystemExit(f"wrk failed on {peer.name}: {result.stderr or out}")
    found = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": parse_duration(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99_ms": parse_duration(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    found["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0
    )
    return found


def concurrent(
    peers: dict[str, Peer],
    rows: dict[str, Row],
    rng: random.Random,
    seconds: int,
    connections: int,
) -> dict:
    """wrk per row and peer over a long sequence drawn from the row's pool."""
    results: dict = {}
    for label, row in rows.items():
        if row.pool is None:
            continue
        drawn = workload.zipf_draw(rng, row.pool, 5000)
        results[label] = {}
        for name in row.names:
            peer = peers[name]
            paths = [q if isinstance(q, str) else peer.path(q) for q in drawn]
            results[label][name] = run_wrk(peer, paths, seconds, connections)
        say(
            f"  wrk {label}: "
            + ", ".join(f"{n} {v['rps']:.1f} req/s" for n, v in results[label].items())
        )
    return results


def memory(peers: list[Peer]) -> dict:
    """Resident and peak memory (MiB) of each serving process."""
    found = {}
    for peer in peers:
        processes = []
        for pid in peer.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
            processes.append(
                {
                    "pid": pid,
                    "rss_mib": round(int(fields["VmRSS"]) / 1024, 1),
                    "peak_mib": round(int(fields["VmHWM"]) / 1024, 1),
                }
            )
        found[peer.name] = processes
    return found


# Rows only this project answers, compared with the peers' nearest row: a
# peer asked for facets would need a request per facet on top of the list.
COMPARED_WITH = {
    "list+facets": "list",
    "list, cache emptied": "list",
    "search, cache emptied": "search",
}


def ratios(results: dict, project: str) -> dict:
    """Per row: the best other peer's median over ours, ours req/s over the
    best other's (above 1: this project ahead), against the peers' own row
    or the nearest one (COMPARED_WITH)."""
    found = {}
    sequential_rows = results["sequential"]
    concurrent_rows = results.get("concurrent", {})
    for row, by_peer in sequential_rows.items():
        theirs = sequential_rows.get(COMPARED_WITH.get(row, row), {})
        others = [name for name in theirs if name != project]
        if not others:
            continue
        best_median = min(theirs[name]["median_ms"] for name in others)
        found[row] = {
            "against": COMPARED_WITH.get(row, row),
            "median": round(best_median / by_peer[project]["median_ms"], 2),
        }
        ours = concurrent_rows.get(row, {}).get(project)
        their_wrk = concurrent_rows.get(COMPARED_WITH.get(row, row), {})
        if ours and others[0] in their_wrk:
            best_rps = max(their_wrk[name]["rps"] for name in others)
            found[row]["rps"] = round(ours["rps"] / best_rps, 2)
    return found


def report(results: dict) -> str:
    project = results["project"]
    lines = [
        f"Side by side, {results['resources']} resources, {results['database']}",
        "",
        "| row | peer | median ms | p99 ms | wrk req/s | wrk p50 / p99 ms | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row, by_peer in results["sequential"].items():
        for name, seq in by_peer.items():
            wrk = results.get("concurrent", {}).get(row, {}).get(name)
            lines.append(
                f"| {row} | {name} | {seq['median_ms']} | {seq['p99_ms']} | "
                + (
                    f"{wrk['rps']:.1f} | {wrk['p50_ms']:.0f} / {wrk['p99_ms']:.0f} | "
                    f"{seq['errors'] + wrk['errors']} |"
                    if wrk
                    else f"– | – | {seq['errors']} |"
                )
            )
    if results["ratios"]:
        lines += ["", f"{project} against the best other peer (above 1: ahead):"]
        for row, ratio in results["ratios"].items():
            rps = f", req/s {ratio['rps']}x" if "rps" in ratio else ""
            against = f" (against their {ratio['against']})" * (ratio["against"] != row)
            lines.append(f"  {row}: median {ratio['median']}x{rps}{against}")
    lines += ["", "Resident memory per serving process (MiB, now / peak):"]
    for name, processes in results["memory"].items():
        each = ", ".join(f"{p['rss_mib']} / {p['peak_mib']}" for p in processes)
        lines.append(f"  {name}: {each or 'not measured'}")
    lines.append(f"Load average at the end: {results['load_average']}")
    return "\n".join(lines)


def empty_cache(peer: Peer) -> None:
    """Empty this project's shared cache (its own redis-server)."""
    peer.empty_cache()


def etag_header(client: Client, path: str) -> dict:
    """If-None-Match with the ETag the project gave for `path`."""
    _, _, _, headers = client.get(path)
    return {"If-None-Match": headers.get("ETag", "")}


def main() -> int:
    only = {
        name.strip()
        for name in os.environ.get("PEERS_ONLY", "project,plone,directus").split(",")
        if name.strip()
    }
    resources = env_int("PEERS_RESOURCES", 5000)
    requests = env_int("PEERS_REQUESTS", 300)
    warmup = env_int("PEERS_WARMUP", 30)
    seconds = env_int("PEERS_WRK_SECONDS", 20)
    connections = env_int("PEERS_CONNECTIONS", 16)
    if seconds and not Path(WRK).exists():
        raise SystemExit(
            "wrk not found: apt-get install -y wrk (or PEERS_WRK_SECONDS=0)"
        )
    PEERS_DIR.mkdir(parents=True, exist_ok=True)
    server = postgres_server()
    say(f"Databases: {'PostgreSQL ' + server if server else 'SQLite'}")
    peers = make_peers(only, server)
    project = peers[0]
    started = time.perf_counter()
    try:
        if os.environ.get("PEERS_REUSE") == "1" and RECORDS_FILE.exists():
            say(f"{project.name}: the database of the last run (PEERS_REUSE=1)")
        else:
            say(f"{project.name}: building {resources} resources …")
            project.build(resources)
        records = read_records()
        for peer in peers:
            say(f"{peer.name}: install, start, load {len(records)} records …")
            peer.install()
            peer.start()
            peer.load(records)
        clients = {peer.name: Client(peer) for peer in peers}
        by_name = {peer.name: peer for peer in peers}
        names = list(by_name)
        rng = random.Random(SEED)
        lists = workload.list_pool(records, rng)
        searches = workload.search_pool(rng)
        say("Checking the answers …")
        search_totals = check_answers(clients, records, lists)
        searches = [q for q in searches if search_totals[q.q].get(project.name)]
        draws = warmup + requests
        list_draw = workload.zipf_draw(rng, lists, draws)
        search_draw = workload.zipf_draw(rng, searches, draws)
        facets = workload.with_facets(lists)
        me = [project.name]
        rows = {
            "list": Row(list_draw, names, pool=lists),
            "list+facets": Row(workload.with_facets(list_draw), me, pool=facets),
            "search": Row(search_draw, names, pool=searches),
            "304": Row(list_draw, me, headers=etag_header),
            # Every answer computed: the response cache emptied first.
            "list, cache emptied": Row(list_draw, me, before=empty_cache),
            "search, cache emptied": Row(search_draw, me, before=empty_cache),
            "site": Row(
                [rng.choice(SITE_PAGES) for _ in range(draws)], me, pool=SITE_PAGES
            ),
        }
        say(f"Sequential, {requests} requests per row and peer, interleaved …")
        results = {
            "resources": len(records),
            "database": "PostgreSQL" if server else "SQLite",
            "project": project.name,
            "peers": names,
            "search_totals": search_totals,
            "sequential": sequential(clients, rows, requests, warmup),
        }
        for client in clients.values():
            client.close()
        if seconds:
            say(f"Concurrent, wrk -t2 -c{connections} -d{seconds}s per row and peer …")
            results["concurrent"] = concurrent(by_name, rows, rng, seconds, connections)
        results["memory"] = memory(peers)
        results["ratios"] = ratios(results, project.name)
        results["load_average"] = os.getloadavg()
        results["seconds"] = round(time.perf_counter() - started)
    finally:
        for peer in peers:
            try:
                peer.stop()
            except Exception as error:  # stop the others too
                say(f"{peer.name}: stopping failed: {error}")
    say()
    say(report(results))
    target = Path(
        os.environ.get("PEERS_RESULTS") or ROOT / "tests/benchmarks/results/peers.json"
    )
    target.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    say(f"\nWritten to {target} in {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
