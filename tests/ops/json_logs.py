"""The production LOGGING configuration, writing into a buffer for a test."""

import io
import json
import logging
import logging.config
from contextlib import contextmanager

from django.conf import settings

from cms.ops.logs import logging_config


@contextmanager
def json_log_lines(mail_admins: bool = False):
    """Configure logging as production does (JSON, INFO; with ADMINS set when
    `mail_admins`) and yield a function that returns the lines written so
    far, parsed."""
    logging.config.dictConfig(logging_config("json", "INFO", mail_admins))
    buffer = io.StringIO()
    [handler] = logging.getLogger().handlers
    handler.setStream(buffer)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        logging.config.dictConfig(settings.LOGGING)
