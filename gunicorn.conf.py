"""gunicorn's settings for production: `gunicorn -c gunicorn.conf.py`.

The container image starts the web server with this file (Containerfile);
README "Operations" > "Deployment" says what each setting is for. gunicorn
also reads ./gunicorn.conf.py by itself when started from the repository's
root; options given on its command line win over this file.

Like cms/settings/base.py for Django, this file is where gunicorn's own
environment variables are read: WEB_CONCURRENCY, GUNICORN_THREADS, PORT
(all in .env.example). It imports nothing of Django's: gunicorn's master
process never loads the application (no preload_app), each worker does.
"""

import logging
import math
import os
from pathlib import Path

from prometheus_client import multiprocess

from cms.ops.logs import stdout_config


def env_int(name: str, default: int) -> int:
    """The environment variable `name` as a positive integer, or `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = int(raw)
    if value < 1:
        raise ValueError(f"{name}={raw!r}: expected a positive integer")
    return value


def available_cores() -> int:
    """The cores this process may use: its CPU affinity, lowered by a
    container's CPU quota (cgroup v2 cpu.max, e.g. compose `cpus: 2`)."""
    cores = len(os.sched_getaffinity(0))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
    except (OSError, ValueError):
        return cores
    if quota == "max":
        return cores
    return max(1, min(cores, math.ceil(int(quota) / int(period))))


# --- Processes ---------------------------------------------------------------

wsgi_app = "cms.wsgi:application"
bind = [f"0.0.0.0:{env_int('PORT', 8000)}"]

# Each worker is a process with the whole CMS loaded (some 150-250 MB), and
# serves GUNICORN_THREADS requests at once. 2 x cores + 1 keeps the cores
# busy while requests wait for PostgreSQL; past 8 workers memory runs out
# before the CPUs do on the hosts we run on: add containers instead.
MAX_DEFAULT_WORKERS = 8
workers = env_int(
    "WEB_CONCURRENCY", min(2 * available_cores() + 1, MAX_DEFAULT_WORKERS)
)
worker_class = "gthread"
threads = env_int("GUNICORN_THREADS", 2)

# 30 s is every request's budget, uploads included: an image is validated
# (decoded by Pillow, checked against its size, pixel and animated GIF frame
# caps) within the request that uploads it, and the caps keep that well
# under a second, so no legitimate request comes near it. The proxy in front
# gives up on a request after the same 30 s (deploy/nginx.conf:
# proxy_read_timeout). With threads, gunicorn's timeout is the worker's
# liveness: its main loop beats every second while its threads serve, and a
# worker silent for 30 s (stuck holding the interpreter) is killed and
# replaced.
timeout = 30
# On SIGTERM (a deploy, `docker compose stop`), a worker stops accepting and
# has this long to finish the requests it holds: a request that began may
# use its whole budget. compose.yaml's stop_grace_period is longer.
graceful_timeout = 30
# Idle keep-alive connections from a load balancer are kept a little longer
# than gunicorn's 2 s default.
keepalive = 5

# Each worker is replaced after about 1,000 requests (plus up to 100, so
# that they do not all restart at once): whatever a long-lived process
# accumulates (Pillow's and Python's freed memory that is never returned,
# per-process caches) is given back.
max_requests = 1000
max_requests_jitter = 100

# The workers' heartbeat files are touched every second: on memory, not on
# the container's overlay file system where a write may block.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# --- Logs ------------------------------------------------------------------

# One line per request on stdout, beside the application's lines and in the
# same form (LOG_FORMAT: json, the production default, or text), carrying
# the request id that the application sends back in X-Request-ID.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
LOG_FORMAT = os.environ.get("LOG_FORMAT", "").strip() or "json"


class AccessFields(logging.Filter):
    """Gives gunicorn's lines the fields the application's lines have: the
    request id (empty on gunicorn's own lines) and, on an access line, the
    request's method, path, status and duration."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else None
        record.request_id = atoms["{x-request-id}o"] if atoms else ""
        if record.request_id == "-":
            record.request_id = ""
        if atoms:
            record.method = atoms["m"]
            record.path = atoms["U"]
            record.status = int(atoms["s"]) if str(atoms["s"]).isdigit() else 0
            record.duration_ms = atoms["M"]
        return True


logconfig_dict = stdout_config(LOG_FORMAT, "INFO", AccessFields)
# The root is the master's; in a worker, Django's LOGGING takes the root
# over, and gunicorn's loggers keep their own handler.
logconfig_dict["loggers"] = {
    name: {"handlers": ["stdout"], "level": "INFO", "propagate": False}
    for name in ("gunicorn.error", "gunicorn.access")
}

# --- Metrics ---------------------------------------------------------------

# With PROMETHEUS_MULTIPROC_DIR set (README "Metrics"), every worker writes
# its metrics to files there and /metrics adds them up. The directory is
# emptied at each start, or a scrape would add up the dead workers of the
# last run too; a worker that exits leaves its counters to the sum but not
# its live gauges.
METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server) -> None:
    if METRICS_DIR:
        directory = Path(METRICS_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        for leftover in directory.glob("*.db"):
            leftover.unlink()


def child_exit(server, worker) -> None:
    if METRICS_DIR:
        multiprocess.mark_process_dead(worker.pid, METRICS_DIR)
