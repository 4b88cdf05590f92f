"""HTTP behaviour shared by every /api/v1/ endpoint: JSON errors and ETags."""

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pages.api import responses
from pages.delivery.filters import LIST_FILTERS
from pages.models import ContentVersion

API_PREFIX = "/api/v1/"
PREVIEW_PREFIX = API_PREFIX + "preview/"
# Part of every ETag, so a deploy that changes response shapes changes them.
RESPONSE_FORMAT_VERSION = "1"


# The only parameters that may be given more than once: the list filters,
# role=a&role=b meaning role=a,b. Any other parameter given twice, even with
# the same value, is a 400 rather than a silent choice of one of the values.
REPEATABLE = frozenset(list_filter.name for list_filter in LIST_FILTERS)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _repeated(request: HttpRequest) -> list[str]:
    """The parameters given more than once that may not be, in query order."""
    return [
        name
        for name, values in request.GET.lists()
        if len(values) > 1 and name not in REPEATABLE
    ]


class ApiErrorsMiddleware:
    """404, 405 and 500 from /api/v1/ come back as `{"detail": …}` JSON; a
    NUL in a parameter, or a single-value parameter given twice, is a 400."""

    MESSAGES = {
        404: "Hittades inte.",
        405: "Metoden stöds inte. API:t tar bara emot GET, HEAD och OPTIONS.",
        500: "Ett internt fel uppstod.",
    }

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_api(request) and any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            # No database accepts NUL in a string; refuse it before any query.
            return JsonResponse(
                {"detail": _("Parametrarna får inte innehålla NUL-tecken.")}, status=400
            )
        repeated = _repeated(request) if _is_api(request) else []
        if repeated:
            detail = ngettext(
                "Parametern %(names)s får bara anges en gång.",
                "Parametrarna %(names)s får bara anges en gång.",
                len(repeated),
            ) % {"names": ", ".join(repeated)}
            return JsonResponse({"detail": detail}, status=400)
        response = self.get_response(request)
        if not _is_api(request) or response.status_code not in self.MESSAGES:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        replacement = JsonResponse(
            {"detail": _(self.MESSAGES[response.status_code])},
            status=response.status_code,
        )
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not _is_api(request):
            return None
        response = JsonResponse({"detail": _(self.MESSAGES[500])}, status=500)
        # Logged once, with the traceback, as Django logs the site's 500s.
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


class ApiCacheMiddleware:
    """Weak ETags from the content version; 304 before any query but one.

    The ETag covers the host, the full path with its query string and the
    ContentVersion counter, which every publish, unpublish, move or delete
    changes in the database, whichever server process handled it. A 200
    is also kept under its ETag in the shared cache (pages/api/responses.py):
    the next process asked the same question under the same version answers
    from there, after the same one query.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_api(request) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path.startswith(PREVIEW_PREFIX):
            # A draft for one editor's preview: private, never stored, no
            # ETag (pages/api/preview.py sets its own headers).
            return self.get_response(request)
        version = ContentVersion.current()
        # The version the answer is built under (pages/delivery/memo.py).
        request.content_version = version.counter
        consumer = getattr(request, "api_consumer", None)
        # A consumer that may read staff material gets answers of its own:
        # their ETags differ from the public ones, and no shared cache keeps them.
        private = consumer is not None and consumer.staff_material
        etag = api_etag(
            version.counter,
            request.get_host(),
            request.get_full_path(),
            reader=f"consumer:{consumer.pk}" if private else "",
        )
        if_none_match = request.headers.get("If-None-Match", "")
        if etag in parse_etags(if_none_match):
            response = HttpResponse(status=304)
        else:
            response = responses.get(request, etag)
            if response is None:
                response = self.get_response(request)
                if response.status_code != 200:
                    return response
                responses.put(request, etag, response)
            if if_none_match.strip() == "*":
                # "*" matches any current answer (RFC 9110), so only a 200:
                # a bad request or a missing resource keeps its error.
                response = HttpResponse(status=304)
        response["ETag"] = etag
        visibility = "private" if private else "public"
        response["Cache-Control"] = (
            f"{visibility}, max-age={settings.API_CACHE_MAX_AGE}"
        )
        # A key may change the answer (staff material): caches keep one per key.
        patch_vary_headers(response, ["Origin", "Authorization"])
        return response


def api_etag(counter: int, host: str, full_path: str, reader: str = "") -> str:
    """The ETag of the API's answer at `full_path` on `host` under content
    version `counter`, for the public (`reader` "") or for one consumer with
    staff material. Webhooks announce the new one after a change."""
    key = "|".join([RESPONSE_FORMAT_VERSION, str(counter), host, full_path, reader])
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
