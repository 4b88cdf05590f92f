"""The deployment recipe: gunicorn.conf.py, Dockerfile, compose.yaml, deploy/.

What can drift apart without any other test noticing: gunicorn's settings
and the environment, the commands the containers run and the commands that
exist, the variables compose.yaml uses and the ones .env.example lists, the
image's build and CI's, the proxy's limits and the app's.
"""

import http.client
import json
import os
import re
import runpy
import shlex
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.management import get_commands, load_command_class

import pytest
import yaml

from tests.ops.redis_server import free_port
from tests.pages.sharing_cases import QUEUED_SHARING

REPO_DIR = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
GUNICORN_CONF = REPO_DIR / "gunicorn.conf.py"
COMPOSE = yaml.safe_load((REPO_DIR / "compose.yaml").read_text())
DOCKERFILE = (REPO_DIR / "Dockerfile").read_text()
NGINX_CONF = (REPO_DIR / "deploy" / "nginx.conf").read_text()
APP_IMAGE = "trygghetsportalen"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "deployment-recipe-test-key-not-for-production",
    "ALLOWED_HOSTS": "trygghet.example.org",
}


def gunicorn_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """The environment without the deployment's variables, plus `variables`;
    gunicorn's control socket goes under tmp_path (it lives in $HOME)."""
    unset = {"WEB_CONCURRENCY", "GUNICORN_THREADS", "PORT", "PROMETHEUS_MULTIPROC_DIR"}
    base = {key: value for key, value in os.environ.items() if key not in unset}
    return base | {"HOME": str(tmp_path)} | variables


def gunicorn_settings(tmp_path: Path, **variables: str) -> dict[str, str]:
    """gunicorn's own reading of gunicorn.conf.py (--print-config)."""
    result = subprocess.run(
        [GUNICORN, "-c", str(GUNICORN_CONF), "--print-config"],
        cwd=REPO_DIR,
        env=gunicorn_env(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def app_services() -> dict[str, dict]:
    """The compose services that run the app image."""
    return {
        name: service
        for name, service in COMPOSE["services"].items()
        if service.get("image") == APP_IMAGE
    }


def manage_py_invocations() -> list[tuple[str, list[str]]]:
    """(where, [command, *args]) for every manage.py command the deployment runs."""
    found = []
    for name, service in app_services().items():
        command = service.get("command") or []
        if command[:2] == ["python", "manage.py"]:
            found.append((f"compose service {name}", command[2:]))
    scheduler = (REPO_DIR / "deploy" / "scheduler.sh").read_text()
    for line in re.findall(r"^\s*run (.+)$", scheduler, re.MULTILINE):
        found.append(("deploy/scheduler.sh", shlex.split(line)))
    return found


def env_example_names() -> set[str]:
    text = (REPO_DIR / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def dockerfile_stage(name: str) -> str:
    match = re.search(
        rf"^FROM \S+ AS {name}\n(.*?)(?=^FROM |\Z)", DOCKERFILE, re.M | re.S
    )
    assert match, f"no stage {name} in the Dockerfile"
    return match.group(1)


# --- gunicorn.conf.py ---------------------------------------------------------


def test_gunicorn_takes_workers_threads_and_port_from_the_environment(tmp_path):
    config = gunicorn_settings(
        tmp_path, WEB_CONCURRENCY="5", GUNICORN_THREADS="4", PORT="9123"
    )
    assert config["workers"] == "5"
    assert config["threads"] == "4"
    assert config["bind"] == "['0.0.0.0:9123']"
    assert config["wsgi_app"] == "cms.wsgi:application"


def test_gunicorn_defaults_to_two_workers_per_core_plus_one_at_most_eight(tmp_path):
    config = gunicorn_settings(tmp_path)
    cores = len(os.sched_getaffinity(0))
    assert 1 <= int(config["workers"]) <= min(2 * cores + 1, 8)
    assert config["threads"] == "2"
    assert config["bind"] == "['0.0.0.0:8000']"
    assert config["timeout"] == config["graceful_timeout"] == "30"
    assert int(config["max_requests"]) > 0 < int(config["max_requests_jitter"])


def test_gunicorn_refuses_a_worker_count_that_is_not_a_positive_number(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as failed:
        gunicorn_settings(tmp_path, WEB_CONCURRENCY="0")
    assert "WEB_CONCURRENCY" in failed.value.stderr


def test_gunicorn_loads_the_app_with_the_production_settings(tmp_path):
    subprocess.run(
        [GUNICORN, "-c", str(GUNICORN_CONF), "--check-config"],
        cwd=REPO_DIR,
        env=gunicorn_env(tmp_path, **PRODUCTION),
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_a_start_empties_the_metrics_directory_and_a_dead_worker_leaves_it(
    tmp_path, monkeypatch
):
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    (metrics / "counter_4242.db").write_bytes(b"left by the last run")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(metrics))
    hooks = runpy.run_path(str(GUNICORN_CONF))

    hooks["on_starting"](None)
    assert list(metrics.iterdir()) == []

    (metrics / "gauge_livesum_4343.db").write_bytes(b"a worker's live gauge")
    (metrics / "counter_4343.db").write_bytes(b"a worker's counters")
    hooks["child_exit"](None, SimpleNamespace(pid=4343))
    assert [path.name for path in metrics.iterdir()] == ["counter_4343.db"]


def test_gunicorn_serves_healthz_and_logs_each_request_as_json_with_its_id(
    tmp_path,
):
    port = free_port()
    env = gunicorn_env(
        tmp_path,
        **PRODUCTION,
        # /healthz touches no database: this file is never created.
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        WEB_CONCURRENCY="1",
        LOG_FORMAT="json",
    )
    server = subprocess.Popen(
        [GUNICORN, "-c", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}"],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 60
        while status is None and time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request(
                    "GET",
                    "/healthz",
                    headers={"Host": "trygghet.example.org", "X-Request-ID": "r-42"},
                )
                status = connection.getresponse().status
                connection.close()
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    assert status == 200, output[-3000:]
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access, output[-3000:]
    assert access[0]["request_id"] == "r-42"
    assert access[0]["path"] == "/healthz"
    assert access[0]["status"] == 200
    assert server.returncode == 0


# --- compose.yaml ---------------------------------------------------------------


def test_every_variable_compose_uses_is_listed_in_env_example():
    text = (REPO_DIR / "compose.yaml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    pinned = {
        name
        for service in app_services().values()
        for name in service.get("environment", {})
    }
    assert interpolated and pinned
    assert (interpolated | pinned) - env_example_names() == set()


# The sharing backend as production has it: in the database (test settings
# run its tasks at once), which db_worker and prune_db_task_results ask for.
@QUEUED_SHARING
def test_the_containers_run_management_commands_that_exist_with_valid_options():
    commands = get_commands()
    invocations = manage_py_invocations()
    assert {args[0] for _, args in invocations} >= {
        "migrate",
        "db_worker",
        "publish_scheduled",
        "sync_shared",
        "prune_db_task_results",
    }
    for where, (name, *args) in invocations:
        assert name in commands, f"{where}: no management command {name}"
        parser = load_command_class(commands[name], name).create_parser(
            "manage.py", name
        )
        parser.parse_args(args)  # CommandError if an option is wrong


def test_app_and_worker_start_only_after_the_migrations_have_run():
    services = COMPOSE["services"]
    for name in ("app", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["migrate"]["restart"] == "no"
    assert services["elasticsearch"]["profiles"] == ["search"]


def test_compose_finds_static_files_where_the_image_collected_them():
    image_env = dict(re.findall(r"(STATIC_ROOT|MEDIA_ROOT)=(\S+)", DOCKERFILE))
    for name, service in app_services().items():
        for variable, path in image_env.items():
            assert service["environment"][variable] == path, name
    assert f"alias {image_env['STATIC_ROOT']}/;" in NGINX_CONF


# --- Dockerfile and the proxy -------------------------------------------------------


def test_the_image_builds_with_the_steps_ci_runs_and_serves_with_gunicorn_conf():
    app = dockerfile_stage("app")
    assert re.search(r"^RUN deploy/build\.sh\b", app, re.MULTILINE)
    assert re.search(r"^RUN .*pip install \.$", app, re.MULTILINE)
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py"]' in app
    user = re.findall(r"^USER (\S+)", app, re.MULTILINE)
    assert user and user[-1].split(":")[0] not in {"root", "0"}
    build = (REPO_DIR / "deploy" / "build.sh").read_text()
    for step in ("build_messages", "collectstatic --no-input", "check --deploy"):
        assert f"manage.py {step}" in build
    assert "--fail-level WARNING" in build
    # CI runs the very same script.
    ci = (REPO_DIR / ".ci" / "run").read_text()
    assert re.search(r"^deploy/build\.sh \.venv/bin/python$", ci, re.MULTILINE)


def test_no_secret_or_local_state_reaches_the_image():
    ignored = set((REPO_DIR / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "var"} <= ignored


def test_the_proxy_gives_requests_the_same_30_s_as_gunicorn_and_takes_every_upload():
    config = runpy.run_path(str(GUNICORN_CONF))
    read_timeout = re.search(r"proxy_read_timeout (\d+)s;", NGINX_CONF)
    assert int(read_timeout.group(1)) == config["timeout"] == 30
    body = re.search(r"client_max_body_size (\d+)m;", NGINX_CONF)
    largest = max(
        settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZE,
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    )
    assert int(body.group(1)) * 1024 * 1024 > largest
