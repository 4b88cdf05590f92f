"""A request id for every request, in its log lines and in the response.

The proxy in front may send one (X-Request-ID), so one id follows a request
through the proxy's log and ours; it is kept when it looks like an id and
replaced otherwise (it is written into every log line).
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")

_current: ContextVar[str] = ContextVar("request_id", default="")


def current() -> str:
    """The id of the request being handled, or ""."""
    return _current.get()


def id_for(request) -> str:
    given = request.headers.get(HEADER, "")
    return given if _WELL_FORMED.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything after it logs with the request's id."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = id_for(request)
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # Django logs 4xx answers after the middleware has returned,
            # with the request at hand.
            request = getattr(record, "request", None)
            record.request_id = current() or getattr(request, "request_id", "")
        return True
