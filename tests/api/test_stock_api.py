"""Wagtail's API v2 at /api/v2/ shows nothing that /api/v1/ hides."""

import datetime
import json

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from pages.models import ArticlePage
from tests.factories import make_resource

from .utils import ApiTestCase


class StockApiVisibilityTests(ApiTestCase):
    def v2_ids(self, host: str = "localhost") -> set[int]:
        response = self.client.get(
            "/api/v2/pages/",
            {"type": "pages.ArticlePage", "limit": 20},
            HTTP_HOST=host,
        )
        self.assertEqual(response.status_code, 200)
        return {item["id"] for item in json.loads(response.content)["items"]}

    def test_v2_lists_the_same_articles_as_v1(self):
        topic = self.gr["samverkan"]
        make_resource(ArticlePage, topic, slug="utkast", publish=False)
        private = make_resource(ArticlePage, topic, slug="privat")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        expired = make_resource(ArticlePage, topic, slug="utgangen")
        Page.objects.filter(pk=expired.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=5)
        )
        self.assertEqual(self.v2_ids(), set(self.ids(kind="article", limit=100)))
        self.assertEqual(self.v2_ids(), {self.article.pk})

    def test_v2_does_not_show_fields_v1_keeps_internal(self):
        response = self.client.get(
            f"/api/v2/pages/{self.article.pk}/",
            {"fields": "content_owner"},
            HTTP_HOST="localhost",
        )
        self.assertEqual(response.status_code, 400)
