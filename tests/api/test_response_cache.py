"""Answers kept in the shared cache under their ETag (pages/api/responses.py):
the same answer at the cost of one query, never a stale one, never another
site's, language's or consumer's.

Another process's change, with two real server processes and a real Redis,
is in tests/consumers/test_ratelimit.py (it starts them already)."""

from django.core.cache import cache
from django.test import override_settings

from wagtail.models import PageViewRestriction

from pages.models import ArticlePage
from search.models import QueryCount
from tests.consumers.utils import bearer, make_consumer, make_key
from tests.factories import make_resource

from .utils import ApiTestCase

URL = "/api/v1/resources/?role=socialtjanst"


def stored_answers() -> int:
    return sum(1 for key in cache._cache if "api-response:" in key)


class ResponseCacheTests(ApiTestCase):
    def setUp(self):
        cache.clear()

    def fetch(self, url: str = URL, host: str = "localhost", **headers):
        return self.client.get(url, HTTP_HOST=host, **headers)

    def test_a_repeated_question_is_answered_from_the_cache_after_one_query(self):
        first = self.fetch()
        self.assertEqual(stored_answers(), 1)
        # The content version, for the ETag; nothing else.
        with self.assertNumQueries(1):
            again = self.fetch()
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.content, first.content)
        self.assertEqual(again["ETag"], first["ETag"])
        for header in (
            "Content-Type",
            "Cache-Control",
            "Vary",
            "X-Content-Type-Options",
        ):
            self.assertEqual(again[header], first[header], header)

    def test_a_change_is_in_the_next_answer(self):
        before = self.fetch().json()
        page = make_resource(
            ArticlePage, self.gr["samverkan"], slug="ny", title="Ny",
            roles=("socialtjanst",),
        )  # fmt: skip
        after = self.fetch().json()
        self.assertEqual(after["count"], before["count"] + 1)
        self.assertEqual(after["items"][0]["id"], page.pk)
        page.unpublish()
        self.assertEqual(self.fetch().json(), before)
        # A restriction added in the admin hides it like an unpublish.
        page.save_revision().publish()
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertEqual(self.fetch().json()["count"], before["count"])

    def test_no_answer_crosses_sites_languages_or_questions(self):
        answers = {
            (url, host): self.fetch(url, host).content
            for url in (URL, URL + "&locale=en", URL + "&limit=1", "/api/v1/themes/")
            for host in ("localhost", "molndal.localhost")
        }
        for (url, host), content in answers.items():
            with self.subTest(url=url, host=host):
                self.assertEqual(self.fetch(url, host).content, content)
        self.assertNotEqual(
            answers[(URL, "localhost")], answers[(URL, "molndal.localhost")]
        )
        self.assertNotEqual(
            answers[(URL, "localhost")], answers[(URL + "&locale=en", "localhost")]
        )

    def test_the_answer_depends_on_nothing_the_etag_leaves_out(self):
        # The browser's language and cookies: the key is the ETag alone.
        asked = {}
        for headers in (
            {},
            {"HTTP_ACCEPT_LANGUAGE": "en"},
            {"HTTP_COOKIE": "roll=chefer; django_language=en"},
        ):
            cache.clear()
            asked[str(headers)] = self.fetch("/api/v1/search/?q=hot", **headers).content
        self.assertEqual(len(set(asked.values())), 1, asked)

    def test_staff_material_never_reaches_the_public_through_the_cache(self):
        restricted = make_resource(
            ArticlePage, self.gr["samverkan"], slug="intern", title="Intern",
            roles=("socialtjanst",),
        )  # fmt: skip
        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.LOGIN
        )
        staff = make_key(make_consumer("gr", staff_material=True))
        plain = make_key(make_consumer("gr", name="Utan scope"))
        ids = lambda response: [item["id"] for item in response.json()["items"]]  # noqa: E731
        self.assertIn(restricted.pk, ids(self.fetch(**bearer(staff))))
        self.assertNotIn(restricted.pk, ids(self.fetch()))
        self.assertNotIn(restricted.pk, ids(self.fetch(**bearer(plain))))
        # Asked again in the other order, each from the cache.
        self.assertNotIn(restricted.pk, ids(self.fetch()))
        self.assertIn(restricted.pk, ids(self.fetch(**bearer(staff))))

    def test_a_search_answered_from_the_cache_is_still_counted(self):
        for _ in range(3):
            self.fetch("/api/v1/search/?q=hot")
        self.fetch("/api/v1/search/?q=zzyzx")
        self.fetch("/api/v1/search/?q=zzyzx")
        self.assertEqual(stored_answers(), 2)
        self.assertEqual(
            {(row.query, row.searches, row.empty) for row in QueryCount.objects.all()},
            {("hot", 3, 0), ("zzyzx", 2, 2)},
        )

    def test_errors_and_heads_are_not_stored(self):
        self.assertEqual(self.fetch("/api/v1/resources/?limit=0").status_code, 400)
        self.assertEqual(self.fetch("/api/v1/resources/999999/").status_code, 404)
        self.assertEqual(stored_answers(), 0)
        head = self.client.head(URL, HTTP_HOST="localhost")
        self.assertEqual(head.status_code, 200)
        self.assertEqual(head.content, b"")
        self.assertEqual(self.fetch().status_code, 200)
        self.assertEqual(self.fetch().content[:1], b"{")

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_plain_http_is_still_sent_to_https(self):
        secure = self.client.get(URL, HTTP_HOST="localhost", secure=True)
        self.assertEqual(secure.status_code, 200)
        plain = self.client.get(URL, HTTP_HOST="localhost")
        self.assertEqual(plain.status_code, 301)
        self.assertTrue(plain["Location"].startswith("https://"))

    @override_settings(API_RESPONSE_CACHE_SECONDS=0)
    def test_it_can_be_turned_off(self):
        self.fetch()
        self.assertEqual(stored_answers(), 0)

    @override_settings(API_RESPONSE_CACHE_MAX_BYTES=100)
    def test_large_answers_are_not_kept(self):
        self.assertGreater(len(self.fetch().content), 100)
        self.assertEqual(stored_answers(), 0)
