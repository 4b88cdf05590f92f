"""Plain helpers for tests that need API consumers and keys."""

import contextlib
import logging
import traceback
from collections.abc import Iterator
from typing import Any
from unittest import mock

from django.contrib.sessions.models import Session
from django.db import connection

from wagtail.models import Site

from consumers.models import ApiKey, Consumer
from pages.models import SiteProfile


def site_for(site_slug_or_site: str | Site) -> Site:
    """The Site itself, or the one whose SiteProfile has that slug."""
    if isinstance(site_slug_or_site, Site):
        return site_slug_or_site
    return SiteProfile.objects.select_related("site").get(slug=site_slug_or_site).site


def make_consumer(site_slug_or_site: str | Site, **fields: Any) -> Consumer:
    """A saved, valid consumer owned by the site (a Site or a SiteProfile slug)."""
    site = site_for(site_slug_or_site)
    defaults = {
        "name": f"Intranät {site.site_name}",
        "contact_email": "webb@example.se",
    }
    consumer = Consumer(site=site, **(defaults | fields))
    consumer.full_clean()
    consumer.save()
    return consumer


def make_key(consumer: Consumer, name: str = "produktion") -> str:
    """A new active key for `consumer`, returned in clear."""
    _key, clear = ApiKey.issue(consumer, name)
    return clear


def bearer(clear: str) -> dict[str, str]:
    """Test-client headers that send `clear` as the request's key."""
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


@contextlib.contextmanager
def all_log_output() -> Iterator[list[str]]:
    """Every record any logger makes inside the block, at every level (DEBUG
    included, whatever the settings say), as text with all its attributes.
    The records are collected instead of being sent to the handlers."""
    lines: list[str] = []

    def handle(logger: logging.Logger, record: logging.LogRecord) -> None:
        lines.append(f"{record.name}: {record.getMessage()} {record.__dict__!r}")
        if record.exc_info:
            lines.append("".join(traceback.format_exception(*record.exc_info)))

    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    levels = {logger: logger.level for logger in loggers}
    disabled = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        with mock.patch.object(logging.Logger, "handle", handle):
            yield lines
    finally:
        for logger, level in levels.items():
            logger.setLevel(level)
        logging.disable(disabled)


def _text(value: Any) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return str(value)


def stored_text() -> str:
    """Every row of every table in the database, and every session decoded,
    as one text to search."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                rows.append(f"{table}: " + " | ".join(map(_text, row)))
    rows.extend(repr(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(rows)
