"""Test settings: fast hashing, in-memory cache, throwaway media directory."""

import tempfile

from .base import *  # noqa: F403
from .base import logging_config, machine_translation

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="trygghetsportalen-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Warnings and errors only (pytest shows them for failing tests).
LOGGING = logging_config("text", "WARNING", mail_admins=False)
DEMO_USERS_ALLOWED = True
WAGTAILADMIN_BASE_URL = "http://localhost"
# Tasks run where they are enqueued, so a publish has shared its material by
# the time it returns; tests of the queue itself switch to the database backend.
IMMEDIATE_TASKS = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
TASKS = {"default": IMMEDIATE_TASKS, "sharing": IMMEDIATE_TASKS}
# wagtail-localize's dummy translator (it reverses the words) unless
# MACHINE_TRANSLATOR names a real one.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR, MACHINE_TRANSLATION_PROBLEM = machine_translation(
    "dummy"
)
