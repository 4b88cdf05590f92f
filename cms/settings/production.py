"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ADMINS,
    ALLOWED_HOSTS_FROM_ENV,
    HSTS_SECONDS,
    SECRET_KEY_FROM_ENV,
    SSL_REDIRECT,
    logging_setting,
)

if not SECRET_KEY_FROM_ENV:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS_FROM_ENV:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")

DEBUG = False
SECRET_KEY = SECRET_KEY_FROM_ENV
ALLOWED_HOSTS = ALLOWED_HOSTS_FROM_ENV
DEMO_USERS_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HTTPS only: plain HTTP is redirected, except the probes a load balancer
# sends to the app server directly (README "Operations").
SECURE_SSL_REDIRECT = SSL_REDIRECT
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# JSON lines on stdout, each with its request id; every 500 also mailed to
# ADMINS when there are any.
LOGGING = logging_setting("json", mail_admins=bool(ADMINS))
