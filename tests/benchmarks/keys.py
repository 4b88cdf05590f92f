"""What an API key costs: the role list with a key against the same list
without one (api.py's `v1_list_role`, the anonymous baseline of the run).

The key belongs to a consumer of the benchmark's site without the staff
material scope, so both requests read the same data and get the same answer
(checked before timing). The difference is the key's work: finding it by its
hash (one query), its rate limit counter and its usage counter for the day
(consumers/ratelimit.py), in the benchmark's local-memory cache.
"""

from django.test import Client

from wagtail.models import Site

from consumers.models import ApiKey, Consumer

CASE = "v1_list_role_key"
BASELINE = "v1_list_role"
RATIO = f"{CASE} / {BASELINE}"
# The product target: an authenticated list costs at most this much more.
TARGET = 1.1


def issue_key(host: str) -> str:
    """A key, in clear, of a new consumer owned by the site at `host`."""
    consumer = Consumer.objects.create(
        name="Benchmark",
        site=Site.objects.get(hostname=host),
        contact_email="bench@example.org",
    )
    _key, clear = ApiKey.issue(consumer, "bench")
    return clear


def key_headers(clear: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def check_same_answer(client: Client, host: str, path: str, clear: str) -> None:
    """The list with the key is the anonymous list, byte for byte."""
    anonymous = client.get(path, HTTP_HOST=host)
    keyed = client.get(path, HTTP_HOST=host, **key_headers(clear))
    if (anonymous.status_code, keyed.status_code) != (200, 200):
        raise SystemExit(
            f"{path}: {anonymous.status_code} anonymous, {keyed.status_code} "
            "with a key; expected 200 for both"
        )
    if anonymous.content != keyed.content:
        raise SystemExit(f"{path} answers differently with a key: not the same data")


def verdict(ratio: float) -> str:
    within = "within" if ratio <= TARGET else "ABOVE"
    return (
        f"An authenticated list costs {ratio:.2f}× an anonymous one "
        f"({within} the target of {TARGET}×)."
    )
