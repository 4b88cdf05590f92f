"""The feed guid of every resource page (pages/models/feed_identity.py) on
pages that existed before the field (pages/migrations/0010_feed_identity.py).
How copies, translations and aliases get theirs: tests/pages/test_feeds.py."""

import importlib
import uuid

from django.apps import apps
from django.test import TestCase

from wagtail.models import Page

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from pages.models.feed_identity import alias_feed_guid
from pages.models.sites import HOME_PATH_LENGTH
from tests.api.utils import build_tree
from tests.factories import make_resource


class FeedGuidMigrationTests(TestCase):
    """pages/migrations/0010_feed_identity.py on pages that existed before it."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.ale = build_tree("ale", "ale.localhost", is_hub=False)
        cls.articles = [
            make_resource(ArticlePage, cls.gr["samverkan"], slug=f"a{n}")
            for n in range(3)
        ]

    def test_every_existing_page_gets_a_guid_of_its_own(self):
        # As AddField with uuid4 as default would leave them: one for all.
        same = uuid.uuid4()
        ArticlePage.objects.update(feed_guid=same)
        migration = importlib.import_module("pages.migrations.0010_feed_identity")
        migration.give_each_page_its_own_guid(apps, None)
        pages = list(ArticlePage.objects.all())
        self.assertEqual(len(pages), 9)  # three originals, an alias each on two sites
        guids = [page.feed_guid for page in pages]
        self.assertEqual(len(set(guids)), len(guids))
        self.assertNotIn(same, guids)
        # An alias's is the one a new alias there would get (feed_identity.py).
        homes = {
            home.path: home.translation_key for home in Page.objects.filter(depth=2)
        }
        for alias in ArticlePage.objects.filter(alias_of__isnull=False):
            source = ArticlePage.objects.get(pk=alias.alias_of_id)
            self.assertEqual(
                alias.feed_guid,
                alias_feed_guid(source.feed_guid, homes[alias.path[:HOME_PATH_LENGTH]]),
            )
