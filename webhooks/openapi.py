"""The webhook messages as OpenAPI 3.1 describes them (`webhooks`).

cms/api.py puts webhooks_section() into the API's OpenAPI document: one
entry per event, each a POST whose body is the message of events.py.
"""

import copy

from pydantic import BaseModel, ConfigDict, Field

from .events import TYPE_PREFIX
from .models import EventType

DESCRIPTIONS = {
    EventType.PUBLISHED: "A resource was published (or its copy on a member site "
    "brought up to GR's new version).",
    EventType.UNPUBLISHED: "A resource is no longer on the site: unpublished, "
    "expired, its original withdrawn by GR or no longer shared with the site.",
    EventType.DELETED: "A resource was deleted (moved to the trash).",
    EventType.MOVED: "A resource has a new address; previous_path is the old one.",
    EventType.SHARED: "GR's resource now appears on the site (a new copy).",
    EventType.HIDDEN: "The site hid GR's shared resource: its copy is gone.",
    EventType.TRANSLATION_PUBLISHED: "A resource in another language than "
    "Swedish (a translation) was published.",
}


class WebhookData(BaseModel):
    """What changed: the resource as the site's API addresses it."""

    model_config = ConfigDict(title="WebhookData")

    id: int = Field(description="The resource's id on this site (its copy's id).")
    site: str = Field(description="The site's slug, e.g. molndal.")
    locale: str = Field(description="The resource's language code, e.g. sv.")
    path: str = Field(
        description="The resource's address on the site (resources/by-path/)."
    )
    url: str = Field(description="The resource's full URL on the site.")
    api_url: str = Field(
        description="The resource's detail: https://<host>/api/v1/resources/<id>/"
        "?site=<slug>&locale=<code>, parameters in that order."
    )
    event: str = Field(description="The event, as in `type` after 'resource.'.")
    etag: str | None = Field(
        description="The ETag the API now gives for api_url (for a consumer "
        "with staff material, the one it gets with its key); null when the "
        "detail is gone (unpublished, deleted, hidden)."
    )
    previous_path: str | None = Field(
        description="The address before the change, for moved; else null."
    )


class WebhookMessage(BaseModel):
    """The JSON body of every webhook (Standard Webhooks' shape)."""

    model_config = ConfigDict(title="WebhookMessage")

    type: str = Field(description="resource.<event>")
    timestamp: str = Field(description="When the change happened (ISO 8601, UTC).")
    data: WebhookData


HEADERS = [
    {
        "name": "webhook-id",
        "in": "header",
        "required": True,
        "description": "The message's id, the same on every retry: deduplicate by it.",
        "schema": {"type": "string"},
    },
    {
        "name": "webhook-timestamp",
        "in": "header",
        "required": True,
        "description": "Seconds since 1970 when this attempt was signed.",
        "schema": {"type": "string"},
    },
    {
        "name": "webhook-signature",
        "in": "header",
        "required": True,
        "description": "v1,<base64 HMAC-SHA256 of id.timestamp.body with the "
        "subscription's whsec_ secret> (Standard Webhooks).",
        "schema": {"type": "string"},
    },
]


def _inlined(schema: dict) -> dict:
    """The schema with its $defs written in place (the section stands alone)."""
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(copy.deepcopy(definitions[ref.rsplit("/", 1)[1]]))
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def message_schema(event: str) -> dict:
    """The JSON Schema of the message for `event`."""
    schema = _inlined(WebhookMessage.model_json_schema())
    schema["properties"]["type"] |= {"const": TYPE_PREFIX + event}
    schema["properties"]["data"]["properties"]["event"] |= {"const": event}
    return schema


def webhooks_section() -> dict:
    """OpenAPI 3.1 `webhooks`: one POST per event, keyed resource.<event>."""
    section = {}
    for event in EventType:
        name = TYPE_PREFIX + event.value
        section[name] = {
            "post": {
                "operationId": f"webhook_{event.value}",
                "summary": name,
                "description": DESCRIPTIONS[event]
                + " Retried with back-off for at least 24 hours until the "
                "receiver answers 2xx.",
                "tags": ["webhooks"],
                "parameters": copy.deepcopy(HEADERS),
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": message_schema(event.value)}
                    },
                },
                "responses": {
                    "200": {"description": "Received (any 2xx will do)."},
                },
            }
        }
    return section
