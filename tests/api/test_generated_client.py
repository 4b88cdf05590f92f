"""Clients generated from the served openapi.json work without hand edits.

A consuming site generates its client from /api/v1/openapi.json: Python
with openapi-python-client, TypeScript with openapi-typescript (type-checked
with `tsc --strict`). Each does, against a live server, what a member
site's front end does: list Mölndal's material, follow an item's `api_url`
to its detail (typed: the kind's own object parsed into its class), then
revalidate with If-None-Match and take the 304 as a documented answer,
and (Python) read an editor's draft through the preview endpoint.
"""

import importlib
import json
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from pages.demo.builder import remove_wagtail_welcome_page
from pages.headless_preview import issue_token
from pages.models import ArticlePage, VideoPage
from tests.api.live import LiveApiTestCase
from tests.api.utils import build_tree
from tests.consumers.utils import make_consumer, make_key
from tests.factories import make_media, make_resource

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "trygghetsportalen_client"
TYPESCRIPT_DIR = Path(__file__).resolve().parent / "typescript"
TS_BIN = TYPESCRIPT_DIR / "node_modules" / ".bin"


def generate_python_client(openapi: bytes, where: Path) -> ModuleType:
    """openapi-python-client's package for `openapi`, imported from `where`."""
    (where / "openapi.json").write_bytes(openapi)
    (where / "config.yml").write_text(f"package_name_override: {PACKAGE}\n")
    result = subprocess.run(
        [
            str(GENERATOR), "generate", "--path", "openapi.json",
            "--config", "config.yml", "--meta", "none", "--output-path", PACKAGE,
        ],
        cwd=where, capture_output=True, text=True, timeout=300,
        # Its formatting step runs the ruff of this virtualenv.
        env={"PATH": f"{GENERATOR.parent}:/usr/bin:/bin"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Anything it could not express (a schema it skipped) is a warning.
    assert "Warning" not in output and "WARNING" not in output, output
    sys.path.insert(0, str(where))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))


def typescript_missing() -> str:
    """What this machine lacks for the TypeScript client, "" when nothing."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        return (
            "npm/node not found: the TypeScript client (openapi-typescript, tsc) "
            "is NOT checked. Install Node.js and npm (Debian: apt-get install -y "
            "npm), then make typescript-deps."
        )
    if not (TS_BIN / "tsc").exists() or not (TS_BIN / "openapi-typescript").exists():
        return (
            "openapi-typescript and tsc are not installed under "
            "tests/api/typescript/node_modules: the TypeScript client is NOT "
            "checked. Run make typescript-deps (make test does)."
        )
    return ""


class GeneratedClientTests(LiveApiTestCase):
    """GR with a video shared with every member, Mölndal with its own article."""

    def setUp(self):
        remove_wagtail_welcome_page()
        gr = build_tree("gr", "localhost", is_hub=True)
        molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        self.molndal_home_path = molndal["home"].path
        self.shared = make_resource(
            VideoPage, gr["samverkan"], title="Delad film", slug="delad-film",
            roles=("chefer",), video=make_media("video"), transcript="Det som sägs.",
        )  # fmt: skip
        self.local = make_resource(
            ArticlePage, molndal["samverkan"], title="Lokalt stöd", slug="lokalt",
            body=[
                {"type": "heading", "value": {"text": "Stöd", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Ring oss.</p>"},
            ],
        )  # fmt: skip
        self.work = Path(tempfile.mkdtemp(prefix="generated-client-"))
        self.addCleanup(shutil.rmtree, self.work, ignore_errors=True)

    def served_openapi(self) -> bytes:
        url = f"{self.live_server_url}/api/v1/openapi.json"
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()

    def python_client(self) -> tuple[ModuleType, object]:
        """The generated package and a client of this live server that raises
        on any status the document does not declare. The preview step
        (issue 22, part 5) can build on these."""
        package = generate_python_client(self.served_openapi(), self.work)
        client = package.Client(
            base_url=self.live_server_url, raise_on_unexpected_status=True
        )
        return package, client

    def test_python_client_round_trips_on_a_member_site(self):
        package, anonymous = self.python_client()
        # Mölndal's intranet, identified by its key (the document's bearer scheme).
        client = package.AuthenticatedClient(
            base_url=self.live_server_url,
            token=make_key(make_consumer("molndal")),
            raise_on_unexpected_status=True,
        )
        delivery = importlib.import_module(f"{PACKAGE}.api.delivery")
        models = importlib.import_module(f"{PACKAGE}.models")
        list_resources = importlib.import_module(
            f"{delivery.__name__}.pages_api_views_list_resources"
        )
        resource = importlib.import_module(
            f"{delivery.__name__}.pages_api_views_resource"
        )

        # 1. The member site's list, with typed enums.
        listed = list_resources.sync_detailed(
            client=client, site="molndal", kind=[models.Kind.VIDEO, models.Kind.ARTICLE]
        )
        self.assertEqual(listed.status_code, 200)
        items = {item.title: item for item in listed.parsed.items}
        self.assertEqual(set(items), {"Delad film", "Lokalt stöd"})
        shared, local = items["Delad film"], items["Lokalt stöd"]
        self.assertEqual(shared.kind, models.Kind.VIDEO)
        self.assertIsInstance(shared.locale, models.Locale)

        # 2. Follow api_url as given (absolute, on Mölndal): a typed detail.
        details = {}
        for item in (shared, local):
            with httpx.Client(timeout=60) as http:
                followed = http.get(item.api_url)
            self.assertEqual(followed.status_code, 200, followed.text[:300])
            details[item.title] = resource._build_response(
                client=client, response=followed
            ).parsed
        video, article = details["Delad film"], details["Lokalt stöd"]
        self.assertIsInstance(video, models.VideoDetail)
        self.assertIsInstance(video.video, models.Video)
        self.assertEqual(video.video.transcript, "Det som sägs.")
        self.assertEqual(video.site, "molndal")
        self.assertEqual(video.shared_from.site, "gr")
        self.assertIsInstance(article, models.ArticleDetail)
        self.assertEqual(
            [type(block) for block in article.body],
            [models.BodyHeading, models.BodyParagraph],
        )
        self.assertIsInstance(article.body[0].value, models.HeadingValue)

        # 3. Revalidate: the 304 is an answer the client expects.
        fresh = resource.sync_detailed(
            resource_id=shared.id, client=client, site="molndal"
        )
        self.assertIsInstance(fresh.parsed, models.VideoDetail)
        etag = fresh.headers["ETag"]
        again = resource.sync_detailed(
            resource_id=shared.id, client=client, site="molndal", if_none_match=etag
        )
        self.assertEqual(again.status_code, 304)
        self.assertIsNone(again.parsed)
        self.assertEqual(again.headers["ETag"], etag)

        # 4. An editor's draft of GR's video, previewed as Mölndal's copy:
        # the token comes from the admin's preview (pages/headless_preview.py).
        preview = importlib.import_module(
            f"{PACKAGE}.api.preview.pages_api_preview_preview"
        )
        draft = self.shared.get_latest_revision_as_object()
        draft.title = "Delad film, nytt utkast"
        token = issue_token(draft, "molndal")
        previewed = preview.sync_detailed(client=anonymous, token=token, site="molndal")
        self.assertEqual(previewed.status_code, 200)
        self.assertIsInstance(previewed.parsed, models.VideoDetail)
        self.assertEqual(previewed.parsed.title, "Delad film, nytt utkast")
        self.assertEqual(previewed.parsed.site, "molndal")
        self.assertEqual(previewed.parsed.id, video.id)
        # A tampered token is a documented refusal, not a crash of the client.
        refused = preview.sync_detailed(client=anonymous, token=token[:-2] + "xx")
        self.assertEqual(refused.status_code, 403)
        self.assertIsInstance(refused.parsed, models.Detail)

    def test_typescript_client_type_checks_and_round_trips(self):
        missing = typescript_missing()
        if missing:
            pytest.skip(missing)
        (self.work / "openapi.json").write_bytes(self.served_openapi())
        for name in ("client.ts", "tsconfig.json"):
            shutil.copy(TYPESCRIPT_DIR / name, self.work / name)
        self.run_node(TS_BIN / "openapi-typescript", "openapi.json", "-o", "api.d.ts")
        self.run_node(TS_BIN / "tsc", "-p", "tsconfig.json")
        draft = self.shared.get_latest_revision_as_object()
        draft.title = "Delad film, nytt utkast"
        token = issue_token(draft, "molndal")
        output = self.run_node(
            shutil.which("node"), "client.js", self.live_server_url, "molndal", token
        )
        result = json.loads(output)
        mine = self.shared.aliases.get(path__startswith=self.molndal_home_path)
        self.assertEqual(
            result["preview"],
            {"status": 200, "id": mine.pk, "title": "Delad film, nytt utkast",
             "own": "video:1"},
        )  # fmt: skip
        self.assertEqual(result["count"], 2)
        seen = {row["kind"]: row for row in result["seen"]}
        self.assertEqual(set(seen), {"video", "article"})
        for row in seen.values():
            self.assertEqual(row["status"], 200)
            self.assertEqual(row["detail_id"], row["id"])
            self.assertEqual(row["detail_site"], "molndal")
            self.assertEqual(row["revalidated"], 304)
        self.assertEqual(seen["video"]["own"], "video:1")
        self.assertEqual(seen["article"]["blocks"], ["h2:Stöd", "<p>Ring oss.</p>"])

    def run_node(self, program, *args: str) -> str:
        result = subprocess.run(
            [str(program), *args], cwd=self.work, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        self.assertEqual(
            result.returncode, 0, f"{program} {args}:\n{result.stdout}{result.stderr}"
        )
        return result.stdout
