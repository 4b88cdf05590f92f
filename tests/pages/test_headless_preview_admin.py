"""'Förhandsgranska' on a consuming site: the admin offers the consumers of
the page's sites and hands them a token that the preview API accepts."""

import json
from urllib.parse import parse_qs, urlsplit

from tests.consumers.utils import make_consumer
from tests.factories import edit_form_data
from tests.pages.permission_cases import PermissionTestCase

PREVIEW_URL = "https://{host}/forhandsvisning?token={{token}}&id={{id}}&site={{site}}&locale={{locale}}"


class HeadlessPreviewAdminTests(PermissionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gr_site = make_consumer(
            "gr", name="GR:s webbplats", preview_url=PREVIEW_URL.format(host="gr.test")
        )
        cls.gr_without_preview = make_consumer("gr", name="GR:s app")
        cls.molndal_intranet = make_consumer(
            "molndal",
            name="Mölndals intranät",
            preview_url=PREVIEW_URL.format(host="intranat.molndal.test"),
        )

    def setUp(self):
        self.client.force_login(self.gr_editor)

    def mode(self, consumer) -> str:
        return f"consumer-{consumer.pk}"

    def preview_with(self, page, mode: str, **params):
        url = self.url("preview_on_edit", page.pk)
        return self.client.get(url, {"mode": mode, **params})

    def send_form(self, page, **changes):
        data = edit_form_data(self.client, page)
        for name, value in changes.items():
            data[name] = value
        response = self.client.post(self.url("preview_on_edit", page.pk), data)
        self.assertEqual(json.loads(response.content)["is_valid"], True)

    def api_preview(self, location: str, **params):
        query = parse_qs(urlsplit(location).query)
        response = self.client.get(
            "/api/v1/preview/", {"token": query["token"][0], **params}
        )
        self.assertEqual(response.status_code, 200, response.content[:300])
        return json.loads(response.content)

    def test_the_edit_view_offers_the_consumers_with_a_preview_address(self):
        response = self.client.get(self.url("edit", self.original.pk))
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn(f'value="{self.mode(self.gr_site)}"', content)
        # GR's material shared with Mölndal: how it looks as Mölndal's copy.
        self.assertIn(f'value="{self.mode(self.molndal_intranet)}"', content)
        self.assertIn("Mölndals intranät (Mölndals stad)", content)
        self.assertNotIn(f'value="{self.mode(self.gr_without_preview)}"', content)

    def test_a_consumer_mode_opens_the_consumers_site_with_a_working_token(self):
        self.send_form(self.original, title="Utkast i redigeringen")
        response = self.preview_with(self.original, self.mode(self.gr_site))
        self.assertEqual(response.status_code, 302)
        location = response["Location"]
        self.assertTrue(location.startswith("https://gr.test/forhandsvisning?token="))
        query = parse_qs(urlsplit(location).query)
        self.assertEqual(query["id"], [str(self.original.pk)])
        self.assertEqual(query["site"], ["gr"])
        self.assertEqual(query["locale"], ["sv"])
        draft = self.api_preview(location, id=self.original.pk)
        self.assertEqual(draft["title"], "Utkast i redigeringen")
        self.assertEqual(draft["id"], self.original.pk)
        self.assertEqual(draft["site"], "gr")

    def test_a_member_consumer_previews_gr_material_as_the_members_copy(self):
        self.send_form(self.original, title="Utkast för Mölndal")
        response = self.preview_with(self.original, self.mode(self.molndal_intranet))
        self.assertEqual(response.status_code, 302)
        location = response["Location"]
        self.assertTrue(location.startswith("https://intranat.molndal.test/"))
        self.assertEqual(parse_qs(urlsplit(location).query)["site"], ["molndal"])
        draft = self.api_preview(location)
        self.assertEqual(draft["title"], "Utkast för Mölndal")
        self.assertEqual(draft["site"], "molndal")
        self.assertEqual(draft["id"], self.alias.pk)
        self.assertEqual(draft["shared_from"], {"site": "gr", "id": self.original.pk})
        # The same token on GR's own site.
        self.assertEqual(self.api_preview(location, site="gr")["id"], self.original.pk)

    def test_in_the_preview_panel_a_link_opens_the_consumers_site(self):
        self.send_form(self.original, title="Utkast i panelen")
        response = self.preview_with(
            self.original, self.mode(self.gr_site), in_preview_panel="true"
        )
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn('href="https://gr.test/forhandsvisning?token=', content)
        self.assertIn('target="_blank"', content)

    def test_a_consumer_not_offered_is_refused(self):
        self.send_form(self.original, title="Utkast")
        response = self.preview_with(self.original, self.mode(self.gr_without_preview))
        self.assertEqual(response.status_code, 404)

    def test_a_member_editor_is_offered_only_the_members_consumers(self):
        self.client.force_login(self.molndal_editor)
        response = self.client.get(self.url("edit", self.local.pk))
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn(f'value="{self.mode(self.molndal_intranet)}"', content)
        self.assertNotIn(f'value="{self.mode(self.gr_site)}"', content)
        self.send_form(self.local, title="Lokalt utkast")
        response = self.preview_with(self.local, self.mode(self.molndal_intranet))
        self.assertEqual(
            self.api_preview(response["Location"])["title"], "Lokalt utkast"
        )
        # Another site's consumer is no mode of this page.
        response = self.preview_with(self.local, self.mode(self.gr_site))
        self.assertEqual(response.status_code, 404)
