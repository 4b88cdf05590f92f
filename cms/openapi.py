"""What the delivery API's OpenAPI document says beyond what django-ninja
derives from the views: revalidation (ETag, If-None-Match, 304), the API
keys and the rate limits every operation answers with, and the webhooks
sent to subscribed consumers. A client generated from it handles every
status the API gives."""

from django.conf import settings

from webhooks.openapi import webhooks_section

DETAIL = {"$ref": "#/components/schemas/Detail"}
KEY_SCHEME = "apiKey"
# Operations outside the public read API's caching (a draft's preview).
UNCACHED_PATHS = ("/api/v1/preview/",)


def _is_array(schema: dict) -> bool:
    options = schema.get("anyOf", [schema])
    return any(option.get("type") == "array" for option in options)


def _string_header(description: str) -> dict:
    return {"description": description, "schema": {"type": "string"}}


def _cache_headers() -> dict:
    return {
        "ETag": _string_header(
            "Validator för svaret; skicka det tillbaka i If-None-Match."
        ),
        "Cache-Control": _string_header(
            "Hur länge svaret får återanvändas: public, eller private när "
            "svaret har personalmaterial för nyckelns konsument."
        ),
    }


def _rate_limit_headers() -> dict:
    return {
        "RateLimit-Policy": _string_header(
            'Gränsen, t.ex. "key";q=6000;w=60: anrop (q) per fönster på w '
            "sekunder, per nyckel eller, utan nyckel, per klientadress "
            "(draft-ietf-httpapi-ratelimit-headers-10)."
        ),
        "RateLimit": _string_header(
            'Kvar i fönstret, t.ex. "key";r=12;t=48: r anrop kvar, fönstret '
            "börjar om om t sekunder."
        ),
    }


def document_query_lists(operation: dict) -> None:
    """A list parameter is sent repeated (`role=a&role=b`), OpenAPI's
    default for a query array, which generated clients follow."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and _is_array(parameter["schema"]):
            parameter["style"], parameter["explode"] = "form", True


def document_revalidation(operation: dict) -> None:
    """A GET's ETag and Cache-Control, its If-None-Match and its 304
    (pages/api/middleware.py, ApiCacheMiddleware), so that a generated
    client treats a 304 as an answer, not as an unexpected status."""
    operation.setdefault("parameters", []).append(
        {
            "in": "header",
            "name": "If-None-Match",
            "required": False,
            "schema": {"type": "string"},
            "description": (
                "ETag från ett tidigare svar: oförändrat svar ger 304 utan innehåll."
            ),
        }
    )
    responses = operation["responses"]
    # ninja keys the statuses as numbers; JSON makes them strings.
    ok, not_modified = (200, 304) if 200 in responses else ("200", "304")
    responses[ok].setdefault("headers", {}).update(_cache_headers())
    responses[not_modified] = {
        "description": "Oförändrat sedan ETag i If-None-Match (inget innehåll).",
        "headers": _cache_headers() | _rate_limit_headers(),
    }


def document_access(operation: dict) -> None:
    """The optional key (consumers/middleware.py) and the rate limit
    (consumers/ratelimit.py): 401 for a bad key, 429 over the limit, and
    the RateLimit headers on the answers."""
    responses = operation["responses"]
    ok = 200 if 200 in responses else "200"
    responses[ok].setdefault("headers", {}).update(_rate_limit_headers())
    responses[401] = {
        "description": (
            "Nyckeln i Authorization är okänd, återkallad eller har fel format. "
            "Utan Authorization läser man som anonym."
        ),
        "content": {"application/json": {"schema": DETAIL}},
    }
    responses[429] = {
        "description": "För många anrop: vänta de sekunder som Retry-After anger.",
        "headers": _rate_limit_headers()
        | {
            "Retry-After": {
                "description": "Sekunder tills fönstret börjar om.",
                "schema": {"type": "integer"},
            }
        },
        "content": {"application/json": {"schema": DETAIL}},
    }


def security_scheme() -> dict:
    return {
        KEY_SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Valfri API-nyckel (tp_…) från GR, som Authorization: Bearer <nyckel>. "
                "Utan nyckel läser man det publika materialet med en lägre "
                "anropsgräns; med nyckel identifieras konsumenten, får en högre "
                "gräns och, med behörigheten personalmaterial, också sidor för "
                "inloggade på sin egen webbplats (svaren är då private). "
                f"Gränser per {settings.API_RATE_LIMIT_WINDOW} sekunder: "
                f"{settings.API_RATE_LIMIT_ANONYMOUS} per adress utan nyckel, "
                f"{settings.API_RATE_LIMIT_KEY} per nyckel."
            ),
        }
    }


def complete(schema: dict) -> dict:
    """The document ninja builds, completed as this module's docstring says."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            document_query_lists(operation)
            if method == "get" and path not in UNCACHED_PATHS:
                document_revalidation(operation)
            document_access(operation)
            # Anonymous or with a key; the preview's token is its own key.
            operation["security"] = (
                [{}] if path in UNCACHED_PATHS else [{}, {KEY_SCHEME: []}]
            )
    schema.setdefault("components", {})["securitySchemes"] = security_scheme()
    schema["webhooks"] = webhooks_section()
    return schema
