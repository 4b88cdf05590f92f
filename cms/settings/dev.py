"""Local development: `make run`."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS_FROM_ENV, SECRET_KEY_FROM_ENV, machine_translation

DEBUG = True
SECRET_KEY = SECRET_KEY_FROM_ENV or "dev-only-secret-key-not-for-production"
# Every demo site answers on <slug>.localhost, which resolves to 127.0.0.1.
ALLOWED_HOSTS = ALLOWED_HOSTS_FROM_ENV or ["localhost", ".localhost", "127.0.0.1"]
# Mails are printed, not sent (through the backend that logs failures).
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Demo accounts (seed_demo) may only be created where this is True.
DEMO_USERS_ALLOWED = True
# wagtail-localize's dummy translator (it reverses the words) unless
# MACHINE_TRANSLATOR names a real one.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR, MACHINE_TRANSLATION_PROBLEM = machine_translation(
    "dummy"
)
