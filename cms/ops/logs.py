"""The LOGGING setting: one line per event on stdout, JSON in production.

Every line carries the request id (request_id.py). Django's own
`django.request` logger writes one ERROR line, with the traceback, for every
500 of the site, the admin and API v2; the delivery API logs its 500s the
same way (pages/api/middleware.py). Logins and failed logins go to
`cms.auth`, mail failures to `django.contrib.auth`, `wagtail.admin` and
`cms.mail`, a Redis outage to `cms.cache`, the sharing workers to
`pages.syndication`.
"""

import datetime
import json
import logging
import traceback

# Attributes every LogRecord has: the rest are the caller's `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Never written: a request object, and whatever holds secrets.
_NEVER = {"request", "password", "cookies", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id,
    the traceback when there is one, and the caller's plain extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
        for key, value in vars(record).items():
            if key in _STANDARD or key in _NEVER or key in entry:
                continue
            if isinstance(value, str | int | float | bool) or value is None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(
                traceback.format_exception(*record.exc_info)
            ).rstrip()
        elif record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def stdout_config(fmt: str, level: str, line_filter: object) -> dict:
    """A logging dict with one handler, on stdout, in `fmt` ("json" or
    "text"), every line through `line_filter` (a Filter class or its dotted
    path), which gives it its request_id: the application's LOGGING and
    gunicorn's own logging (gunicorn.conf.py) are both built on it."""
    if fmt not in {"json", "text"}:
        raise ValueError(f"LOG_FORMAT must be json or text, not {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"fields": {"()": line_filter}},
        "formatters": {
            "json": {"()": "cms.ops.logs.JsonFormatter"},
            "text": {"format": TEXT_FORMAT},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": fmt,
                "filters": ["fields"],
            },
        },
        # Everything reaches the root's one handler, once.
        "root": {"handlers": ["stdout"], "level": level},
    }


def logging_config(fmt: str, level: str, mail_admins: bool) -> dict:
    """The LOGGING dict: `fmt` "json" or "text", on stdout at `level`;
    with `mail_admins`, every 500 is also mailed to ADMINS."""
    config = stdout_config(fmt, level, "cms.ops.request_id.RequestIdFilter")
    config["handlers"]["mail_admins"] = {
        "class": "django.utils.log.AdminEmailHandler",
        "level": "ERROR",
        "filters": ["fields"],
    }
    request_handlers = ["mail_admins"] if mail_admins else []
    config["loggers"] = {
        # Django's own config sends these to its console handler only
        # with DEBUG; here they propagate to the root like the rest.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {
            "handlers": request_handlers,
            "level": "ERROR",
            "propagate": True,
        },
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    }
    return config
