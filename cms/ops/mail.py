"""A mail backend that logs every failure as an error (logger `cms.mail`).

EMAIL_BACKEND is this; the backend that really sends is
EMAIL_DELIVERY_BACKEND (SMTP by default). A message that cannot be sent is
an ERROR line with the traceback and the number of recipients (never the
addresses or the body), and the failure is passed on as before: raised
to the caller, or, with fail_silently, counted as not sent (0). A connection
opened before sending that cannot be opened is an ERROR line too.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("cms.mail")


class LoggingEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=False, **kwargs
        )

    def open(self):
        # Wagtail's review notifications open the connection first, so a
        # refused or failed login to the mail server surfaces here, not in
        # send_messages.
        try:
            return self.delivery.open()
        except Exception:
            logger.exception("Could not connect to the mail server")
            if self.fail_silently:
                return None
            raise

    def close(self) -> None:
        self.delivery.close()

    def send_messages(self, email_messages) -> int:
        messages = list(email_messages)
        try:
            return self.delivery.send_messages(messages)
        except Exception:
            logger.exception(
                "Could not send %s e-mail(s) to %s recipient(s) (%s)",
                len(messages),
                sum(len(message.recipients()) for message in messages),
                ", ".join(sorted({message.subject[:60] for message in messages})),
            )
            if self.fail_silently:
                return 0
            raise
