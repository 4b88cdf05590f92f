"""The app container's HEALTHCHECK (Dockerfile): GET /healthz from inside.

Django answers only Host names in ALLOWED_HOSTS (and logs every other as an
error), so the check asks as the first of them. Exits 0 when the answer is
200, 1 otherwise. Reads only gunicorn's PORT and ALLOWED_HOSTS, the values
the server in this container was started with.
"""

import os
import sys
import urllib.error
import urllib.request

TIMEOUT = 4


def host_to_ask() -> str:
    """A name the app accepts: the first of ALLOWED_HOSTS ("*" and ".x" too)."""
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    first = next((host for host in hosts if host), "localhost")
    return "localhost" if first == "*" else first.lstrip(".")


def main() -> int:
    port = os.environ.get("PORT", "").strip() or "8000"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": host_to_ask()}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - a fixed http URL
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"healthz: {error}", file=sys.stderr)  # noqa: T201 - docker inspect shows it
        return 1


if __name__ == "__main__":
    sys.exit(main())
