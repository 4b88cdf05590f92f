"""The webhook messages in OpenAPI 3.1: one entry per event, valid schemas."""

from django.test import SimpleTestCase

import jsonschema

from webhooks.models import EventType
from webhooks.openapi import webhooks_section


class WebhooksSectionTests(SimpleTestCase):
    def test_every_event_is_described_with_a_schema_that_checks_a_message(self):
        section = webhooks_section()
        self.assertEqual(
            set(section), {f"resource.{event.value}" for event in EventType}
        )
        schema = section["resource.moved"]["post"]["requestBody"]["content"][
            "application/json"
        ]["schema"]
        message = {
            "type": "resource.moved",
            "timestamp": "2026-01-01T00:00:00Z",
            "data": {
                "id": 1, "site": "gr", "locale": "sv", "path": "/sv/a/",
                "url": "http://localhost/sv/a/", "event": "moved",
                "api_url": "http://localhost/api/v1/resources/1/?site=gr&locale=sv",
                "etag": 'W/"abc"', "previous_path": "/sv/b/",
            },
        }  # fmt: skip
        jsonschema.validate(message, schema)
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.validate(message | {"type": "resource.deleted"}, schema)
        self.assertNotIn("$ref", str(section))
