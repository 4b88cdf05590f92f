"""Every bad parameter is a 400 with a detail; other errors are JSON too."""

import json

from .utils import ApiTestCase

BAD_PARAMETERS = [
    ("resources/", {"site": "nowhere"}),
    ("resources/", {"locale": "xx"}),
    ("resources/", {"role": "astronaut"}),
    ("resources/", {"role": "socialtjanst,astronaut"}),
    ("resources/", {"kind": "novel"}),
    ("resources/", {"theme": "no-such-theme"}),
    ("resources/", {"topic": "no-such-topic"}),
    ("resources/", {"limit": "0"}),
    ("resources/", {"limit": "101"}),
    ("resources/", {"limit": "ten"}),
    ("resources/", {"offset": "-1"}),
    ("resources/", {"offset": "1.5"}),
    ("resources/", {"updated_since": "yesterday"}),
    ("resources/", {"updated_since": "2026-13-45"}),
    ("resources/", {"order": "random"}),
    ("resources/", {"order": "relevance"}),
    ("resources/", {"role_strict": "maybe"}),
    ("resources/", {"facets": "perhaps"}),
    ("resources/by-path/", {}),
    ("search/", {}),
    ("search/", {"q": "   "}),
    ("search/", {"q": "hot", "limit": "1000"}),
    ("search/", {"q": "hot", "exact": "kanske"}),
    ("search/autocomplete/", {}),
    ("themes/", {"locale": "de"}),
    ("roles/", {"site": "nowhere"}),
]


class BadParameterTests(ApiTestCase):
    def test_every_bad_parameter_is_a_400_with_a_detail(self):
        for endpoint, params in BAD_PARAMETERS:
            with self.subTest(endpoint=endpoint, params=params):
                response = self.get(endpoint, **params)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(
                    response["Content-Type"], "application/json; charset=utf-8"
                )
                body = json.loads(response.content)
                self.assertEqual(set(body), {"detail"})
                self.assertIsInstance(body["detail"], str)
                self.assertTrue(body["detail"].strip())

    def test_unknown_role_message_names_the_role(self):
        body = self.get_json("resources/", expect=400, role="astronaut")
        self.assertIn("astronaut", body["detail"])


class OtherErrorTests(ApiTestCase):
    def test_unknown_id_is_a_json_404(self):
        body = self.get_json("resources/987654/", expect=404)
        self.assertEqual(set(body), {"detail"})

    def test_unknown_endpoint_is_a_json_404_not_a_redirect(self):
        body = self.get_json("no-such-endpoint/", expect=404)
        self.assertEqual(set(body), {"detail"})

    def test_other_methods_are_a_json_405(self):
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(
                    "/api/v1/resources/", HTTP_HOST="localhost"
                )
                self.assertEqual(response.status_code, 405)
                self.assertEqual(set(json.loads(response.content)), {"detail"})

    def test_by_path_outside_any_language_is_a_404(self):
        self.get_json("resources/by-path/", expect=404, path="/motverka-brott/")
        self.get_json("resources/by-path/", expect=404, path="/sv/finns-inte/")


class LostImageTests(ApiTestCase):
    """An image whose file is gone from storage (a failed copy, a restore
    without media) costs the answer that image, never the answer."""

    def test_a_lost_image_file_leaves_the_image_out_of_a_200(self):
        image = self.article.specific.listing_image
        image.renditions.all().delete()
        image.file.storage.delete(image.file.name)
        with self.assertLogs("pages.delivery.summaries", "WARNING") as logs:
            listing = self.get_json("resources/", limit=100)
            detail = self.get_json(f"resources/{self.article.pk}/")
            found = self.get_json("search/", q="handläggare")
        self.assertIn(str(image.pk), logs.output[0])
        items = {item["id"]: item for item in listing["items"]}
        self.assertEqual(len(items), 5)
        self.assertTrue(all(item["image"] is None for item in items.values()))
        self.assertIsNone(detail["image"])
        self.assertEqual([item["id"] for item in found["items"]], [self.article.pk])
