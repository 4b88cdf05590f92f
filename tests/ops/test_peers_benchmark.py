"""`make bench-peers`' own side, in miniature (tests/benchmarks/peers/run.py):
this project only, 50 resources, a few requests per row, no wrk. What it
checks is that the benchmark still runs against the current code and data:
the build, the records the peers load, the answers matching the records,
every row measured without an error, the servers stopped."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
ROWS = {
    "list",
    "list+facets",
    "search",
    "304",
    "list, cache emptied",
    "search, cache emptied",
    "site",
}


@pytest.mark.sqlite_pass
def test_the_side_by_side_benchmark_runs_for_this_project(tmp_path):
    results = tmp_path / "peers.json"
    env = os.environ | {
        "PEERS_ONLY": "project",
        "PEERS_RESOURCES": "50",
        "PEERS_REQUESTS": "3",
        "PEERS_WARMUP": "1",
        "PEERS_WRK_SECONDS": "0",
        "PEERS_DIR": str(tmp_path / "peers"),
        "PEERS_RESULTS": str(results),
        # The benchmark's PostgreSQL mode differs only in its URL.
        "PEERS_DATABASE_URL": "sqlite",
    }
    run = subprocess.run(
        [sys.executable, "tests/benchmarks/peers/run.py"],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "every peer counts what the records hold" in run.stdout
    found = json.loads(results.read_text())
    records = json.loads((tmp_path / "peers" / "records.json").read_text())
    assert found["resources"] == len(records) >= 50
    assert set(found["sequential"]) == ROWS
    for row, by_peer in found["sequential"].items():
        measured = by_peer["Trygghetsportalen"]
        assert measured["requests"] == 3, row
        assert measured["errors"] == 0, row
        assert measured["median_ms"] > 0, row
    # Nothing left running: the gunicorn workers measured are gone.
    pids = [p["pid"] for p in found["memory"]["Trygghetsportalen"]]
    assert pids
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]
