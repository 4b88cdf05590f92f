"""API keys on the delivery API: a valid key reads what the public reads and
is recorded as used; a revoked, unknown or malformed key is a 401 with a JSON
`detail`, never quietly anonymous; no key is anonymous as before. A key is
never stored or logged in clear."""

import json

from django.test import TestCase

from consumers.models import ApiKey
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from tests.api.utils import build_tree, published, utc

from .utils import all_log_output, bearer, make_consumer, make_key, stored_text

URL = "/api/v1/resources/"
# Well formed (tp_ and 43 URL-safe characters) but issued to no one.
UNKNOWN = "tp_" + "A" * 43


class KeyCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        published(
            ArticlePage, cls.gr["otillaten-paverkan"], utc(2026, 1, 10),
            title="Hot mot handläggare", slug="hot",
        )  # fmt: skip
        published(
            ArticlePage, cls.gr["samverkan"], utc(2026, 2, 10),
            title="Samverkan mot brott", slug="samverkan-mot-brott",
        )  # fmt: skip
        cls.consumer = make_consumer("molndal", name="Mölndals intranät")

    def setUp(self):
        self.clear = make_key(self.consumer)
        self.key = ApiKey.objects.get(consumer=self.consumer)

    def get(self, **headers):
        return self.client.get(URL, {"site": "gr"}, **headers)

    def assertRefused(self, response, detail: str):
        self.assertEqual(response.status_code, 401, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(json.loads(response.content), {"detail": detail})
        self.assertTrue(response["WWW-Authenticate"].startswith("Bearer"))


class ValidKeyTests(KeyCase):
    def test_a_valid_key_reads_the_same_public_data_as_anyone(self):
        anonymous = self.get()
        keyed = self.get(**bearer(self.clear))
        self.assertEqual(anonymous.status_code, 200)
        self.assertEqual(keyed.status_code, 200)
        self.assertEqual(json.loads(keyed.content), json.loads(anonymous.content))
        self.assertEqual(json.loads(keyed.content)["count"], 2)

    def test_a_key_records_when_it_was_last_used(self):
        self.assertIsNone(self.key.last_used_at)
        self.assertEqual(self.get(**bearer(self.clear)).status_code, 200)
        self.key.refresh_from_db()
        self.assertIsNotNone(self.key.last_used_at)
        self.assertLessEqual(self.key.created_at, self.key.last_used_at)

    def test_no_key_is_anonymous_as_before(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content)["count"], 2)
        self.key.refresh_from_db()
        self.assertIsNone(self.key.last_used_at)


class RefusedKeyTests(KeyCase):
    def test_a_revoked_key_is_refused(self):
        self.key.revoke()
        self.assertRefused(self.get(**bearer(self.clear)), "Nyckeln är återkallad.")

    def test_an_unknown_key_is_refused(self):
        self.assertRefused(self.get(**bearer(UNKNOWN)), "Okänd nyckel.")

    def test_a_key_of_the_wrong_shape_is_refused(self):
        for wrong in (self.clear[:-1], self.clear + "x", "hemligt", self.clear[3:]):
            with self.subTest(wrong=wrong):
                self.assertRefused(self.get(**bearer(wrong)), "Nyckeln har fel format.")

    def test_another_scheme_or_an_empty_bearer_is_refused(self):
        expected = "Authorization ska vara ”Bearer ” följt av en API-nyckel."
        for header in ("Basic dXNlcjpsw7ZzZW4=", "Bearer", "Bearer   ", self.clear):
            with self.subTest(header=header):
                self.assertRefused(self.get(HTTP_AUTHORIZATION=header), expected)

    def test_a_refusal_is_not_counted_as_use(self):
        self.key.revoke()
        self.get(**bearer(self.clear))
        self.key.refresh_from_db()
        self.assertIsNone(self.key.last_used_at)


class KeyNeverInClearTests(KeyCase):
    def assertNowhere(self, clear: str, text: str):
        self.assertNotIn(clear, text)
        # Nor the secret part alone: only the shown prefix may be kept.
        self.assertNotIn(clear[len(self.key.prefix) :], text)

    def test_no_table_holds_a_key_in_clear(self):
        self.get(**bearer(self.clear))
        text = stored_text()
        self.assertIn(self.key.hash, text)  # the scan does see the key table
        self.assertNowhere(self.clear, text)

    def test_no_log_record_holds_a_key_good_or_bad(self):
        revoked = make_key(self.consumer, name="gammal")
        ApiKey.objects.get(name="gammal").revoke()
        with all_log_output() as lines:
            self.get(**bearer(self.clear))
            self.get(**bearer(revoked))
            self.get(**bearer(UNKNOWN))
            self.get(HTTP_AUTHORIZATION=f"Basic {self.clear}")
            self.get(**bearer(self.clear + "x"))
        text = "\n".join(lines)
        # The refusals were logged (so the capture works), without the keys.
        self.assertIn("API key refused", text)
        for clear in (self.clear, revoked, UNKNOWN):
            with self.subTest(key=clear[:6]):
                self.assertNowhere(clear, text)
