"""HEAD wherever GET is on /api/v1/: the GET's status and headers, no body.

`curl -I` is how a consumer (and the README) checks an ETag; a CDN asks
HEAD too. Each endpoint is asked both ways with the same parameters, then
HEAD again with the ETag it gave, which must be a 304.
"""

import socket
from urllib.parse import urlencode

from pages.demo.builder import remove_wagtail_welcome_page
from tests.api.live import LiveApiTestCase
from tests.api.utils import ApiTestCase, build_tree

# Headers that differ from one request to the next whatever the method.
PER_REQUEST = {"X-Request-ID", "RateLimit"}
VIDEO_PATH = "/sv/motverka-brott/otillaten-paverkan/film/"


class HeadTests(ApiTestCase):
    def endpoints(self) -> dict[str, tuple[str, dict, int]]:
        """name: (path under /api/v1/, parameters, the GET's status)."""
        return {
            "list": ("resources/", {"kind": "video"}, 200),
            "list on a member site": ("resources/", {"site": "molndal"}, 200),
            "facets": ("resources/", {"facets": "true"}, 200),
            "detail": (f"resources/{self.video.pk}/", {}, 200),
            "by-path": ("resources/by-path/", {"path": VIDEO_PATH}, 200),
            "search": ("search/", {"q": "påverkan"}, 200),
            "autocomplete": ("search/autocomplete/", {"q": "Film"}, 200),
            "themes": ("themes/", {}, 200),
            "roles": ("roles/", {}, 200),
            "sites": ("sites/", {}, 200),
            "openapi.json": ("openapi.json", {}, 200),
            "docs": ("docs/", {}, 200),
            "a missing resource": ("resources/987654/", {}, 404),
            "a bad parameter": ("resources/", {"kind": "roman"}, 400),
        }

    def ask(self, method: str, path: str, params: dict, **headers):
        url = f"/api/v1/{path}" + (f"?{urlencode(params)}" if params else "")
        return getattr(self.client, method)(url, HTTP_HOST="localhost", **headers)

    @staticmethod
    def headers(response) -> dict[str, str]:
        return {
            name: value
            for name, value in response.headers.items()
            if name not in PER_REQUEST
        }

    def test_head_answers_with_the_headers_of_get_and_no_body(self):
        for name, (path, params, status) in self.endpoints().items():
            with self.subTest(endpoint=name):
                got = self.ask("get", path, params)
                head = self.ask("head", path, params)
                self.assertEqual(got.status_code, status, got.content[:300])
                self.assertEqual(head.status_code, status)
                self.assertEqual(head.content, b"")
                self.assertEqual(self.headers(head), self.headers(got))
                self.assertEqual(head["Content-Length"], str(len(got.content)))
                self.assertTrue(head["Content-Type"])

    def test_every_200_has_its_validator_on_head_too(self):
        for name, (path, params, status) in self.endpoints().items():
            if status != 200:
                continue
            with self.subTest(endpoint=name):
                head = self.ask("head", path, params)
                self.assertTrue(head["ETag"].startswith('W/"'), head.headers)
                self.assertIn("max-age=", head["Cache-Control"])

    def test_head_with_a_matching_if_none_match_is_a_304(self):
        for name, (path, params, status) in self.endpoints().items():
            if status != 200:
                continue
            with self.subTest(endpoint=name):
                etag = self.ask("head", path, params)["ETag"]
                head = self.ask("head", path, params, HTTP_IF_NONE_MATCH=etag)
                got = self.ask("get", path, params, HTTP_IF_NONE_MATCH=etag)
                self.assertEqual(head.status_code, 304)
                self.assertEqual(head.content, b"")
                self.assertEqual(head["ETag"], etag)
                self.assertEqual(self.headers(head), self.headers(got))

    def test_head_with_a_stale_etag_is_a_full_answer_without_body(self):
        head = self.ask("head", "sites/", {}, HTTP_IF_NONE_MATCH='W/"stale"')
        self.assertEqual(head.status_code, 200)
        self.assertEqual(head.content, b"")
        self.assertGreater(int(head["Content-Length"]), 0)

    def test_head_and_get_share_one_etag_per_query(self):
        """The ETag a HEAD gives validates the GET, and the other way round."""
        etag = self.ask("get", "resources/", {"kind": "video"})["ETag"]
        head = self.ask("head", "resources/", {"kind": "video"})
        self.assertEqual(head["ETag"], etag)
        self.assertNotEqual(self.ask("head", "resources/", {})["ETag"], etag)

    def test_other_methods_are_still_a_405_that_allows_head(self):
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                response = self.ask(method, "resources/", {})
                self.assertEqual(response.status_code, 405)
                self.assertIn("HEAD", response["Allow"])
                self.assertIn("HEAD", response.json()["detail"])

    def test_head_outside_the_api_is_left_alone(self):
        """Only /api/v1/ is this middleware's: the site answers HEAD itself."""
        response = self.client.head("/sv/", HTTP_HOST="localhost")
        self.assertNotEqual(response.status_code, 405)


class HeadOverTheWireTests(LiveApiTestCase):
    """Through a real server: the HEAD's bytes on the socket hold no body,
    and the Content-Length the GET's body has."""

    def setUp(self):
        remove_wagtail_welcome_page()
        build_tree("gr", "localhost", is_hub=True)

    def raw(self, method: str, path: str) -> bytes:
        host, port = self.live_server_url.split("//")[1].split(":")
        request = (
            f"{method} {path} HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        with socket.create_connection((host, int(port)), timeout=30) as connection:
            connection.sendall(request.encode())
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def test_head_sends_headers_only(self):
        for path in ("/api/v1/sites/", "/api/v1/openapi.json", "/api/v1/themes/"):
            with self.subTest(path=path):
                head_headers, _, head_body = self.raw("HEAD", path).partition(
                    b"\r\n\r\n"
                )
                get_headers, _, get_body = self.raw("GET", path).partition(b"\r\n\r\n")
                self.assertTrue(head_headers.startswith(b"HTTP/1.1 200"), head_headers)
                self.assertEqual(head_body, b"")
                self.assertTrue(get_body)
                self.assertIn(f"Content-Length: {len(get_body)}".encode(), head_headers)
