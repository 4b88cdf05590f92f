"""A token for what this process serves besides content: its code,
templates, translations, static files and settings.

Answers kept in the shared cache (the API's, pages/api/responses.py, and
the site's pages, pages/page_cache.py) are keyed by it as well as by the
content version: after a deploy, or a restart with other settings, no
process serves what the previous release rendered (say, a page naming
static files the new release no longer has), whatever entries are left in
Redis. The files are read once per process (about 300, a few
milliseconds); the settings again whenever a setting changes (tests).
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

ROOT = Path(__file__).resolve().parents[2]
# The project's own packages, templates and compiled translations.
SOURCES = (
    "cms",
    "pages",
    "search",
    "siteinfo",
    "media_library",
    "localization",
    "consumers",
    "webhooks",
    "templates",
    "locale",
)
SUFFIXES = (".py", ".html", ".txt", ".mo", ".json")


@functools.cache
def _files_digest() -> str:
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()


def _canonical(value) -> str:
    """The same text for the same setting in every process: sets in order,
    objects by their type (their repr may hold a memory address)."""
    if value is None or isinstance(value, str | int | float | bool | Path):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_canonical(item) for item in value) + "]"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_canonical(item) for item in value)) + "}"
    if isinstance(value, dict):
        items = sorted(f"{_canonical(k)}:{_canonical(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    return type(value).__qualname__


@functools.cache
def release_token() -> str:
    """Short: part of every kept answer's key."""
    digest = hashlib.sha256(_files_digest().encode())
    for name in sorted(dir(settings)):
        if name.isupper():
            digest.update(f"{name}={_canonical(getattr(settings, name))};".encode())
    return digest.hexdigest()[:16]


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    release_token.cache_clear()
