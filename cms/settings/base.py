"""Settings shared by every environment.

Configuration comes from environment variables, read here and nowhere else,
through `env()`. `.env.example` lists every variable.
"""

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

import dj_database_url

from cms.csp_policies import admin_policy, site_policy
from cms.ops.logs import logging_config
from cms.storage import media_storage
from localization.config import machine_translator
from search.elasticsearch import DEFAULT_INDEX, PUBLIC_BACKEND, backend_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

_UNSET: Any = object()


def env(name: str, default: Any = _UNSET, cast: Callable[[str], Any] = str) -> Any:
    """Return the environment variable `name` through `cast`, or `default` if unset."""
    raw = os.environ.get(name, "")
    if raw == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    try:
        return cast(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not valid: {exc}") from exc


def as_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true or false")


def as_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- Environment -----------------------------------------------------------

# None means "not configured"; production.py refuses to start without them.
SECRET_KEY_FROM_ENV: str | None = env("SECRET_KEY", None)
ALLOWED_HOSTS_FROM_ENV: list[str] | None = env("ALLOWED_HOSTS", None, as_list)
DATABASE_URL: str = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
REDIS_URL: str | None = env("REDIS_URL", None)
ELASTICSEARCH_URL: str | None = env("ELASTICSEARCH_URL", None)
ELASTICSEARCH_INDEX: str = env("ELASTICSEARCH_INDEX", DEFAULT_INDEX)
CORS_ALLOWED_ORIGINS: list[str] = env("CORS_ALLOWED_ORIGINS", [], as_list)
MEDIA_ROOT = env("MEDIA_ROOT", str(VAR_DIR / "media"))
# Machine translation in the admin: "deepl", "libretranslate", "dummy" or
# unset (none in production; dev.py and test.py default to "dummy").
MACHINE_TRANSLATOR_FROM_ENV: str | None = env("MACHINE_TRANSLATOR", None)
DEEPL_AUTH_KEY: str | None = env("DEEPL_AUTH_KEY", None)
LIBRETRANSLATE_URL: str | None = env("LIBRETRANSLATE_URL", None)
LIBRETRANSLATE_API_KEY: str | None = env("LIBRETRANSLATE_API_KEY", None)
# The Plone user's password for `manage.py import_plone` (plone_import/), so
# that it stays out of the shell's history.
PLONE_PASSWORD: str | None = env("PLONE_PASSWORD", None)
MEDIA_URL = env("MEDIA_URL", "/media/")
STATIC_ROOT = env("STATIC_ROOT", str(VAR_DIR / "static"))
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
API_CACHE_MAX_AGE: int = env("API_CACHE_MAX_AGE", 60, int)
# The API's answers kept in the shared cache under their ETag
# (pages/api/responses.py): how long an unused one stays (0: none kept), and
# the largest body kept.
API_RESPONSE_CACHE_SECONDS: int = env("API_RESPONSE_CACHE_SECONDS", 600, int)
API_RESPONSE_CACHE_MAX_BYTES: int = env("API_RESPONSE_CACHE_MAX_BYTES", 512 * 1024, int)
# The site's pages for readers without a login, kept in the shared cache
# (pages/page_cache.py): how long an unused one stays (0: none kept).
PAGE_CACHE_SECONDS: int = env("PAGE_CACHE_SECONDS", 600, int)
# How long a consuming site's preview token (/api/v1/preview/) is valid.
API_PREVIEW_TOKEN_MINUTES: int = env("API_PREVIEW_TOKEN_MINUTES", 10, int)

# --- Django ----------------------------------------------------------------

INSTALLED_APPS = [
    "pages",
    "siteinfo",
    "media_library",
    # Importing a Plone site's content (manage.py import_plone).
    "plone_import",
    # Before wagtail.search, so that its update_index command is the one run.
    "search",
    # Before wagtail_localize: its machine translation URL is served here first.
    "localization",
    # Logs, health and metrics (cms/ops/).
    "cms.ops",
    # Login protection: lockouts after failed logins (cms/security/, django-axes).
    "cms.security",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "rest_framework",
    "corsheaders",
    # django-csp's checks; django-ninja's static files: the API docs
    # (Swagger UI) come from here, not from a CDN.
    "csp",
    "ninja",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "consumers",
    # Signed webhooks to the consumers (webhooks/), sent by the sharing worker.
    "webhooks",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: everything after them logs with the request's id, and is timed.
    "cms.ops.request_id.RequestIdMiddleware",
    "cms.ops.metrics.MetricsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # HEAD on /api/v1/ is the GET without its body, for everything after it.
    "pages.api.head.ApiHeadMiddleware",
    "pages.api.middleware.ApiErrorsMiddleware",
    # Per key, or per client address without one (or with a refused key),
    # before the ETag's query (consumers/ratelimit.py).
    "consumers.ratelimit.RateLimitMiddleware",
    # Which consumer an API request comes from (its key; 401 for a bad one),
    # before the ETag, which depends on what that consumer may read.
    "consumers.middleware.ApiKeyMiddleware",
    "pages.api.middleware.ApiCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (the site's, or the admin's) and Permissions-Policy.
    "cms.security_headers.PolicyByAreaMiddleware",
    "cms.security_headers.PermissionsPolicyMiddleware",
    # The site's pages for readers without a login, from the shared cache:
    # after the HTTPS redirect and the security headers, which every answer
    # gets afresh; before the session, which a kept page never touches.
    "pages.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.ContentLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Which site a page's rich text links are for, per request (pages/site_links.py).
    "pages.site_links.ReadingSiteMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before any password
    # check, and logs nobody in itself. AxesBackend, not AxesStandaloneBackend:
    # it can also load a session's user, which Wagtail's test helpers ask of
    # the first backend (force_login(user, AUTHENTICATION_BACKENDS[0])).
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The web server and the task worker write to the same file: readers do
    # not wait for writers (WAL), writers take the lock up front instead of
    # failing halfway through (IMMEDIATE) and wait up to 20 s for each other.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database server that does not answer fails a request (and /readyz)
    # in seconds instead of holding it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    # A Redis outage makes the site slower, not unavailable (cms/cache.py);
    # short timeouts notice a Redis that hangs as quickly as one that refuses.
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# Background tasks (django-tasks). "sharing" is the fan-out of GR's material
# to the member sites (pages/syndication/): queued in the database, in the
# same transaction as the publish that needs it, and run by
# `manage.py db_worker --backend sharing` (`make run` starts one). Wagtail's
# own small tasks (reference index, search index) stay on "default" and run
# where they are enqueued, as in a stock Wagtail: queueing them costs more
# than doing them.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "sharing": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Seconds between a sharing worker's heartbeats. A worker that misses three
# is dead, and the live ones take over its fan-outs and mark its tasks failed
# (pages/syndication/workers.py).
SHARING_WORKER_HEARTBEAT: float = env("SHARING_WORKER_HEARTBEAT", 5.0, float)

# Webhooks (webhooks/): each delivery is a task on the "sharing" backend, so
# the same worker sends them. Seconds a receiver has to answer; a delivery
# that fails is tried again after WEBHOOK_RETRY_FIRST seconds, then twice as
# long each time up to WEBHOOK_RETRY_MAX, and is marked failed once it has
# failed for WEBHOOK_RETRY_HOURS.
WEBHOOK_TIMEOUT: float = env("WEBHOOK_TIMEOUT", 10.0, float)
WEBHOOK_RETRY_FIRST: float = env("WEBHOOK_RETRY_FIRST", 30.0, float)
WEBHOOK_RETRY_MAX: float = env("WEBHOOK_RETRY_MAX", 4 * 3600.0, float)
WEBHOOK_RETRY_HOURS: float = env("WEBHOOK_RETRY_HOURS", 25.0, float)

# --- Languages --------------------------------------------------------------

# Swedish must be the default before the first migration: Wagtail creates the
# default Locale from it.
LANGUAGE_CODE = "sv"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Each language named in itself, as the site's language switcher shows them
# (pages/templatetags/locale_tags.py).
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]

WAGTAIL_I18N_ENABLED = True
# The admin names content languages in the editor's own language, mid-sentence
# too: "Publicera på engelska", "English" in the English admin.
WAGTAIL_CONTENT_LANGUAGES = [
    ("sv", gettext_lazy("svenska")),
    ("en", gettext_lazy("engelska")),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Trygghetsportalen"


def machine_translation(default: str) -> tuple[dict | None, str | None]:
    """wagtail-localize's machine translator, and what is wrong with it if
    it cannot work (localization/config.py): `default` when unset."""
    return machine_translator(
        MACHINE_TRANSLATOR_FROM_ENV or default,
        deepl_auth_key=DEEPL_AUTH_KEY,
        libretranslate_url=LIBRETRANSLATE_URL,
        libretranslate_api_key=LIBRETRANSLATE_API_KEY,
    )


WAGTAILLOCALIZE_MACHINE_TRANSLATOR, MACHINE_TRANSLATION_PROBLEM = machine_translation(
    ""
)
# A page submitted for translation starts as a draft in the other language,
# even when the Swedish page is live: wagtail-localize would otherwise
# publish the untranslated copy at once (and sharing would spread it). It is
# published only when finished and reviewed (localization/review.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static and media -------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads go to MEDIA_ROOT, or to an S3 bucket when AWS_STORAGE_BUCKET_NAME
# is set (cms/storage.py, README "Media storage").
STORAGES = {
    "default": media_storage(env, as_bool),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail ----------------------------------------------------------------

WAGTAILIMAGES_IMAGE_MODEL = "media_library.CustomImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "media_library.forms.CustomImageForm"
WAGTAILDOCS_DOCUMENT_MODEL = "media_library.CustomDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "media_library.forms.CustomDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "odp",
    "txt",
    "csv",
]
# 40 megapixels covers any camera; larger images are refused before decoding.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Frames of an animated image (GIF, WebP, PNG): counted without decoding, and
# the pixel limit above counts every frame. Together they bound the decoding
# work of any upload (media_library/fields.py).
MEDIA_LIBRARY_MAX_IMAGE_FRAMES = 300
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# The admin's search (drafts and private pages included) stays in the
# database. With Elasticsearch, a second backend holds only what the public
# may see, for the API and the site (search/backends/elasticsearch/).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS[PUBLIC_BACKEND] = backend_settings(
        ELASTICSEARCH_URL, ELASTICSEARCH_INDEX
    )

WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "h2",
                "h3",
                "bold",
                "italic",
                "ol",
                "ul",
                "link",
                "document-link",
            ]
        },
    }
}

WAGTAIL_MODERATION_ENABLED = True
# Approving the last review task publishes without the reviewer needing
# publish permission (pages/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "pages.workflows.publish_approved_revision"
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Delivery API: CORS for the consuming sites, read-only.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
# The rate limit fields (consumers/ratelimit.py), readable by a browser's script.
CORS_EXPOSE_HEADERS = ["ETag", "RateLimit", "RateLimit-Policy", "Retry-After"]

# Audio and video uploads (media_library.MediaFile).
MEDIA_LIBRARY_MAX_UPLOAD_SIZE = 500 * 1024 * 1024
MEDIA_LIBRARY_MAX_CAPTION_SIZE = 1024 * 1024

# --- Operations: logs, mail, health, metrics (cms/ops/, README "Operations") ---

# "json" (one object per line, the production default) or "text".
LOG_FORMAT_FROM_ENV: str | None = env("LOG_FORMAT", None)
LOG_LEVEL: str = env("LOG_LEVEL", "INFO")
# Who is mailed every 500 (production): comma-separated addresses.
ADMINS = [(address, address) for address in env("ADMINS", [], as_list)]


def logging_setting(default_format: str, mail_admins: bool = False) -> dict:
    return logging_config(LOG_FORMAT_FROM_ENV or default_format, LOG_LEVEL, mail_admins)


LOGGING = logging_setting("text")

# Mail: every failure is logged as an error (cms/ops/mail.py) by the backend
# below, which hands the messages to EMAIL_DELIVERY_BACKEND.
EMAIL_BACKEND = "cms.ops.mail.LoggingEmailBackend"
EMAIL_DELIVERY_BACKEND: str = env(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST: str = env("EMAIL_HOST", "localhost")
EMAIL_PORT: int = env("EMAIL_PORT", 25, int)
EMAIL_HOST_USER: str = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD: str = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS: bool = env("EMAIL_USE_TLS", False, as_bool)
EMAIL_USE_SSL: bool = env("EMAIL_USE_SSL", False, as_bool)
# Seconds: a mail server that does not answer must not hold up a request.
EMAIL_TIMEOUT: int = env("EMAIL_TIMEOUT", 10, int)
DEFAULT_FROM_EMAIL: str = env(
    "DEFAULT_FROM_EMAIL", "Trygghetsportalen <noreply@localhost>"
)
SERVER_EMAIL: str = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# /readyz fails when the oldest waiting sharing task has waited longer.
READINESS_MAX_QUEUE_AGE: int = env("READINESS_MAX_QUEUE_AGE", 300, int)
# When set, /metrics asks for "Authorization: Bearer <token>".
METRICS_TOKEN: str = env("METRICS_TOKEN", "")

# --- Security headers (cms/security_headers.py, README "Security headers") ---

# Origins other than this one that serve uploads (an S3 bucket, a CDN), e.g.
# https://media.example.org: images, audio and video from there are allowed.
CSP_MEDIA_ORIGINS: list[str] = env("CSP_MEDIA_ORIGINS", [], as_list)
CONTENT_SECURITY_POLICY = {"DIRECTIVES": site_policy(CSP_MEDIA_ORIGINS)}
ADMIN_CONTENT_SECURITY_POLICY = admin_policy(CSP_MEDIA_ORIGINS)
ADMIN_LOGIN_CONTENT_SECURITY_POLICY = admin_policy(
    CSP_MEDIA_ORIGINS, inline_scripts=False
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), "
    'fullscreen=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'
)
# No page is framed by another site; the admin frames its own previews,
# which CSP's frame-ancestors 'self' allows (browsers prefer it to this).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Production (cms/settings/production.py): a year of HSTS, for every subdomain
# (the member sites), and HTTP redirected to HTTPS. 0 and false only while a
# site is first moved to HTTPS.
HSTS_SECONDS: int = env("SECURE_HSTS_SECONDS", 31_536_000, int)
SSL_REDIRECT: bool = env("SECURE_SSL_REDIRECT", True, as_bool)

# --- Trash (pages/trash.py) --------------------------------------------------

# Deleted resources can be restored for this many days; `manage.py
# empty_trash` (daily, README "Operations") then deletes them for good.
TRASH_RETENTION_DAYS: int = env("TRASH_RETENTION_DAYS", 30, int)

# --- Login protection (cms/security/, django-axes, README "Login protection") ---


def as_positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("expected a whole number of at least 1")
    return value


# After this many failed logins within LOGIN_LOCKOUT_MINUTES, a username is
# locked out, and so, separately, is a client address (whatever usernames it
# tried); each failed attempt while locked out starts the minutes again.
LOGIN_FAILURE_LIMIT: int = env("LOGIN_FAILURE_LIMIT", 5, as_positive_int)
LOGIN_LOCKOUT_MINUTES: int = env("LOGIN_LOCKOUT_MINUTES", 15, as_positive_int)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The address the auth log names too: the last X-Forwarded-For hop, the one
# our proxy added, which a client cannot choose.
AXES_CLIENT_IP_CALLABLE = "cms.ops.auth_events.client_address"
# The admin's login page again, in Swedish, with status 429.
AXES_LOCKOUT_CALLABLE = "cms.security.views.locked_out_login"
# Not axes' own reset: it also forgets every failure from the address the
# user logged in from, so an attacker with an account could reset the count
# for the accounts they guess. cms/security/lockouts.py forgets the user's own.
AXES_RESET_ON_SUCCESS = False
# Logins are in the log (cms.auth); axes' table of every login would only grow.
AXES_DISABLE_ACCESS_LOG = True
# No "AXES: BEGIN" line at every start, manage.py commands included.
AXES_VERBOSE = False

# --- Delivery API rate limits (consumers/ratelimit.py, README) ---------------

# Requests per window (API_RATE_LIMIT_WINDOW seconds, fixed windows aligned to
# the clock) that one client address may make without a key, and that one
# key may make; more are refused with 429. Counted in Redis when REDIS_URL is
# set, shared by every app server; a revalidation that ends in a 304 costs a
# quarter of a request.
API_RATE_LIMIT_ANONYMOUS: int = env("API_RATE_LIMIT_ANONYMOUS", 600, as_positive_int)
API_RATE_LIMIT_KEY: int = env("API_RATE_LIMIT_KEY", 6000, as_positive_int)
API_RATE_LIMIT_WINDOW: int = env("API_RATE_LIMIT_WINDOW", 60, as_positive_int)

# --- Backups (cms/ops/backups.py, README "Backup and restore") ---------------

# Where `manage.py backup` puts a new backup unless given --output: copy it
# off this server (another site or region) as soon as it is made.
BACKUP_DIR: str = env("BACKUP_DIR", str(VAR_DIR / "backups"))
