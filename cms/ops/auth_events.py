"""Logins, failed logins and logouts in the log (logger `cms.auth`).

Never the password: Django passes the failed credentials with it removed
("********"), and only the username is written. The client's address is
the last X-Forwarded-For hop, the one our proxy added, when there is one:
the hops before it are whatever the client sent, and a failed login must
not be able to choose the address it is logged under. django-axes locks
logins out by the same address (AXES_CLIENT_IP_CALLABLE is `client_address`),
and cms/security/lockouts.py logs lockouts through `log_event`.
"""

import logging

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

logger = logging.getLogger("cms.auth")


def client_address(request) -> str:
    if request is None:
        return ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


def log_event(event: str, username: str, request, level: int = logging.INFO) -> None:
    """One auth event; a later lockout is logged through here too."""
    logger.log(
        level,
        "%s: %s from %s",
        event,
        username,
        client_address(request),
        extra={
            "event": event,
            "username": username,
            "client": client_address(request),
        },
    )


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs) -> None:
    log_event("login", user.get_username(), request)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    log_event(
        "login_failed", str(credentials.get("username", "")), request, logging.WARNING
    )


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs) -> None:
    log_event("logout", user.get_username() if user else "", request)
