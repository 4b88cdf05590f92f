"""Who is calling the API: `Authorization: Bearer <key>` names a consumer.

No header: anonymous, as the API has always been (the material is public).
A header that is not a valid, active key is a 401: a consumer whose key was
revoked must find out, not quietly get the public answer.
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from pages.api.middleware import API_PREFIX

from .models import ApiKey, InvalidKey

logger = logging.getLogger("consumers")


def bearer_token(request: HttpRequest) -> str | None:
    """The key in the Authorization header, "" when the header is there but
    is not a bearer token, None when there is no header."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _space, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return token.strip()


def unauthorized(detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
    return response


def identify(request: HttpRequest) -> None:
    """Once per request: `request.api_key` and `request.api_consumer` (None:
    anonymous), and `request.api_key_refusal`, the 401's detail when an
    Authorization header is there but is not an active key. The rate limit
    (consumers/ratelimit.py) identifies first, so that refused keys are
    counted against their address; this middleware refuses them."""
    if hasattr(request, "api_key_refusal"):
        return
    request.api_key = request.api_consumer = request.api_key_refusal = None
    if not request.path.startswith(API_PREFIX) or request.method == "OPTIONS":
        return
    token = bearer_token(request)
    if token is None:
        return
    if not token:
        request.api_key_refusal = _(
            "Authorization ska vara ”Bearer ” följt av en API-nyckel."
        )
        return
    try:
        key = ApiKey.authenticate(token)
    except InvalidKey as refusal:
        # The key's first characters at most: never the key itself.
        logger.warning("API key refused (%s): %s…", refusal.detail, token[:6])
        request.api_key_refusal = refusal.detail
        return
    request.api_key, request.api_consumer = key, key.consumer


class ApiKeyMiddleware:
    """Identifies the request's consumer (identify) and answers 401 for a
    key that is not an active one."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        identify(request)
        if request.api_key_refusal:
            return unauthorized(request.api_key_refusal)
        return self.get_response(request)
