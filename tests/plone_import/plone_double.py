"""A stand-in for a Plone site's REST API, served over real HTTP on localhost.

It answers what the importer asks, shaped as plone.restapi 10 answers it
(@search with metadata_fields and b_start/b_size batches, an item's JSON
with `@components.translations`, @@download URLs, Basic auth), from items
the tests describe. Some paths can be told to fail: a status, a hang, a body
that is not JSON. The live Plone test (tests/plone_import/live/) checks the
importer against the real thing; this double lets the importer's own logic
and error handling be tested quickly.
"""

import base64
import json
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

USER, PASSWORD = "admin", "secret"
SITE_ID = "Plone"


def png(width: int = 40, height: int = 30) -> bytes:
    """A real PNG, made without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Item:
    path: str  # from the site root: "/sv/trygghet"
    portal_type: str
    title: str
    uid: str
    review_state: str = "published"
    modified: str = "2024-06-01T10:00:00+00:00"
    language: str = "sv"
    fields: dict = field(default_factory=dict)
    content: bytes = b""  # a File's or Image's bytes


class PloneDouble:
    """The served site: items by path, and failures by path."""

    def __init__(self, items: list[Item]):
        self.items = {item.path: item for item in items}
        self.failures: dict[str, object] = {}  # path → status, "hang" or "junk"
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/{SITE_ID}"

    def url(self, path: str) -> str:
        return self.site_url + path

    def __enter__(self) -> "PloneDouble":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def touch(self, path: str, modified: str, **fields) -> None:
        """An edit in Plone: new fields and modification date."""
        item = self.items[path]
        item.modified = modified
        item.fields.update(fields)

    def summary(self, item: Item) -> dict:
        return {
            "@id": self.url(item.path),
            "@type": item.portal_type,
            "title": item.title,
            "description": item.fields.get("description", ""),
            "review_state": item.review_state,
            "type_title": item.portal_type,
            "UID": item.uid,
            "portal_type": item.portal_type,
            "modified": item.modified,
            "Language": item.language,
        }

    def item_json(self, item: Item) -> dict:
        data = {
            "@id": self.url(item.path),
            "@type": item.portal_type,
            "UID": item.uid,
            "id": item.path.rsplit("/", 1)[-1],
            "title": item.title,
            "description": "",
            "review_state": item.review_state,
            "modified": item.modified,
            "created": "2024-01-01T08:00:00+00:00",
            "effective": None,
            "expires": None,
            "subjects": [],
            "creators": ["admin"],
            "language": {"token": item.language, "title": item.language},
            "@components": {"translations": {"@id": "…", "items": []}},
        }
        data.update({k: v for k, v in item.fields.items() if k != "translations"})
        for language, path in item.fields.get("translations", {}).items():
            data["@components"]["translations"]["items"].append(
                {"@id": self.url(path), "language": language}
            )
        if item.portal_type in ("File", "Image"):
            name = "image" if item.portal_type == "Image" else "file"
            data[name] = {
                "filename": item.path.rsplit("/", 1)[-1],
                "content-type": item.fields.get("content_type", "application/pdf"),
                "size": len(item.content),
                "download": self.url(f"{item.path}/@@download/{name}"),
            }
        return data


def _handler(double: PloneDouble):
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            double.requests.append(self.path)
            if self.headers.get("Authorization") != expected:
                return self.send_json({"type": "Unauthorized"}, 401)
            path = parts.path.removeprefix(f"/{SITE_ID}") or "/"
            failure = double.failures.get(path) or double.failures.get(
                path.split("/@@")[0]
            )
            if failure == "hang":
                time.sleep(3)
                return self.send_json({}, 200)
            if failure == "junk":
                return self.send(b"<html>Not JSON</html>", "text/html", 200)
            if isinstance(failure, int):
                return self.send_json({"type": "Error"}, failure)
            if path in ("/", ""):
                return self.send_json({"@id": double.site_url, "@type": "Plone Site"})
            if path == "/@search":
                return self.search(parse_qs(parts.query))
            if "/@@download/" in path:
                item = double.items.get(path.split("/@@download/")[0])
                if item is None:
                    return self.send_json({"type": "NotFound"}, 404)
                return self.send(item.content, "application/octet-stream", 200)
            item = double.items.get(path)
            if item is None:
                return self.send_json({"type": "NotFound"}, 404)
            return self.send_json(double.item_json(item))

        def search(self, query: dict) -> None:
            start = int(query.get("b_start", ["0"])[0])
            size = int(query.get("b_size", ["25"])[0])
            items = sorted(double.items.values(), key=lambda item: item.path)
            batch = items[start : start + size]
            self.send_json(
                {
                    "@id": double.url("/@search"),
                    "items_total": len(items),
                    "items": [double.summary(item) for item in batch],
                }
            )

        def send_json(self, data: object, status: int = 200) -> None:
            self.send(json.dumps(data).encode(), "application/json", status)

        def send(self, body: bytes, content_type: str, status: int) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: what a hang is for

    return Handler
