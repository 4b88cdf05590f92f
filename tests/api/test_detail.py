"""GET /api/v1/resources/{id}/ and /resources/by-path/: body, kind objects, related."""

from pages.models import ResourcePageRelated

from .utils import ApiTestCase


class DetailTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.article.body = [
            {"type": "heading", "value": {"text": "Så gör du", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    f'<p>Läs <a linktype="page" id="{cls.video.pk}">filmen</a>.</p>'
                ),
            },
        ]
        cls.article.related_links = [
            ResourcePageRelated(target=cls.local),  # another site: never shown
            ResourcePageRelated(target=cls.podcast),
        ]
        cls.article.save_revision().publish()

    def test_article_has_body_with_resolved_links_and_no_kind_object(self):
        data = self.get_json(f"resources/{self.article.pk}/")
        self.assertEqual(data["kind"], "article")
        for kind in ("video", "webinar", "podcast", "link"):
            self.assertNotIn(kind, data)
        heading, paragraph = data["body"]
        self.assertEqual(heading["type"], "heading")
        self.assertEqual(heading["value"], {"text": "Så gör du", "level": "h2"})
        self.assertTrue(heading["id"])
        self.assertIn(
            'href="http://localhost/sv/motverka-brott/otillaten-paverkan/film/"',
            paragraph["value"],
        )
        self.assertNotIn("linktype", paragraph["value"])

    def test_related_lists_only_visible_resources_of_the_site(self):
        data = self.get_json(f"resources/{self.article.pk}/")
        self.assertEqual([item["id"] for item in data["related"]], [self.podcast.pk])
        self.assertEqual(data["related"][0]["kind"], "podcast")

    def test_video_object(self):
        video = self.get_json(f"resources/{self.video.pk}/")["video"]
        self.assertTrue(video["file_url"].startswith("http://localhost/media/"))
        self.assertIsNone(video["embed_url"])
        self.assertEqual(video["transcript"], "Det som sägs.")
        self.assertEqual(video["captions"][0]["language"], "sv")
        self.assertTrue(video["captions"][0]["url"].endswith(".vtt"))

    def test_webinar_object_has_the_video_fields_and_its_own(self):
        webinar = self.get_json(f"resources/{self.webinar.pk}/")["webinar"]
        self.assertEqual(
            set(webinar),
            {
                "file_url", "embed_url", "provider", "duration_seconds", "captions",
                "transcript", "held_on", "speakers", "slides_url",
            },
        )  # fmt: skip

    def test_podcast_object(self):
        podcast = self.get_json(f"resources/{self.podcast.pk}/")["podcast"]
        self.assertEqual(podcast["mime_type"], "audio/mpeg")
        self.assertEqual(podcast["transcript"], "Samtal.")
        self.assertIsNone(podcast["series"])

    def test_link_object(self):
        link = self.get_json(f"resources/{self.link.pk}/")["link"]
        self.assertEqual(link["external_url"], "https://bra.se/")
        self.assertEqual(link["publisher"], "Brå")
        self.assertEqual(link["language"], "sv")

    def test_by_path_finds_the_same_resource(self):
        data = self.get_json(
            "resources/by-path/", path="/sv/motverka-brott/otillaten-paverkan/film/"
        )
        self.assertEqual(data["id"], self.video.pk)
        self.assertEqual(
            self.get_json(
                "resources/by-path/",
                host="molndal.localhost",
                path="/sv/trygghetsskapande/samverkan/lokalt/",
            )["id"],
            self.local.pk,
        )


class VocabularyEndpointTests(ApiTestCase):
    def test_themes_in_tree_order_with_topic_counts(self):
        items = self.get_json("themes/")["items"]
        self.assertEqual(
            [t["slug"] for t in items], ["motverka-brott", "trygghetsskapande"]
        )
        topics = {t["slug"]: t["count"] for t in items[0]["topics"]}
        self.assertEqual(
            topics, {"otillaten-paverkan": 2, "organiserad-brottslighet": 2}
        )
        self.assertTrue(
            items[0]["url"].startswith("http://localhost/sv/motverka-brott/")
        )

    def test_roles_in_the_locale_with_site_counts(self):
        items = {r["slug"]: r for r in self.get_json("roles/")["items"]}
        self.assertEqual(len(items), 14)
        self.assertEqual(items["socialtjanst"]["name"], "Socialtjänst")
        self.assertEqual(items["socialtjanst"]["count"], 2)
        self.assertEqual(items["fortroendevalda"]["count"], 0)
        english = {r["slug"]: r for r in self.get_json("roles/", locale="en")["items"]}
        self.assertEqual(english["socialtjanst"]["name"], "Social services")
        member = {
            r["slug"]: r for r in self.get_json("roles/", site="molndal")["items"]
        }
        self.assertEqual(member["socialtjanst"]["count"], 1)

    def test_sites(self):
        items = self.get_json("sites/")["items"]
        self.assertEqual(
            [(s["slug"], s["hostname"], s["is_hub"]) for s in items],
            [("gr", "localhost", True), ("molndal", "molndal.localhost", False)],
        )
        self.assertEqual(items[0]["locales"], ["sv"])

    def test_search_and_autocomplete(self):
        # The title of the webinar, and the role name of the video.
        data = self.get_json("search/", q="upphandling")
        self.assertEqual(
            {item["id"] for item in data["items"]}, {self.webinar.pk, self.video.pk}
        )
        self.assertIn("highlight", data["items"][0])
        self.assertEqual(
            {row["slug"] for row in data["facets"]["kind"]}, {"webinar", "video"}
        )
        suggestions = self.get_json("search/autocomplete/", q="Webbin")["items"]
        self.assertEqual(
            suggestions,
            [
                {
                    "title": "Webbinarium om upphandling",
                    "url": "http://localhost/sv/motverka-brott/organiserad-brottslighet/webbinarium/",
                    "kind": "webinar",
                    "id": self.webinar.pk,
                }
            ],
        )
