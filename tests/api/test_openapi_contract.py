"""openapi.json as a contract a generated client can trust (issue 22, part 7).

Vocabularies are enums, a resource's detail is a union discriminated by
`kind`, body blocks are typed by `type`, every GET documents its 304 and
validators, and a summary's `api_url` leads to the same site's detail.
The document is read as a client reads it: from the served openapi.json.
"""

import json
from urllib.parse import parse_qs, urlsplit

from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import Page

from pages.blocks import ResourceStreamBlock
from pages.demo.content import load_data
from pages.models import ArticlePage, Role, VideoPage
from tests.api.fuzz_support import response_validators
from tests.api.utils import ApiTestCase
from tests.factories import make_image, make_media, make_resource

# API.md's vocabularies, restated (the project never reads API.md).
KINDS = ["article", "video", "webinar", "podcast", "link"]
ORDERS = ["-published", "published", "title", "-title", "relevance"]
LOCALES = ["sv", "en"]
# The project's copy of the canonical vocabulary.
VOCABULARY = load_data("vocabulary.json")
SLUGS = {
    "ThemeSlug": [theme["slug"] for theme in VOCABULARY["themes"]],
    "TopicSlug": [topic["slug"] for topic in VOCABULARY["topics"]],
    "RoleSlug": [role["slug"] for role in VOCABULARY["roles"]],
}
GETS = (
    "/api/v1/resources/",
    "/api/v1/resources/{resource_id}/",
    "/api/v1/resources/by-path/",
    "/api/v1/themes/",
    "/api/v1/roles/",
    "/api/v1/search/",
    "/api/v1/search/autocomplete/",
    "/api/v1/sites/",
)
DETAIL = "/api/v1/resources/{resource_id}/"
LIST_ENUMS = {
    "kind": "Kind",
    "role": "RoleSlug",
    "theme": "ThemeSlug",
    "topic": "TopicSlug",
}
OWN_OBJECTS = {"video", "webinar", "podcast", "link"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def extensible(name: str) -> dict:
    return {"anyOf": [ref(name), {"type": "string"}]}


class ContractTestCase(ApiTestCase):
    """ApiTestCase's sites, plus a GR video shared with every member and an
    article whose body holds one block of every type."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.shared = make_resource(
            VideoPage, cls.gr["samverkan"], title="Delad film om samverkan",
            slug="delad-film", roles=("chefer",), video=make_media("video"),
            transcript="Det som sägs.",
        )  # fmt: skip
        cls.alias = Page.objects.get(
            alias_of=cls.shared, url_path__startswith=cls.molndal["home"].url_path
        )
        document = get_document_model()(title="Handbok")
        document.file.save("handbok.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        image = make_image()
        cls.full_body = make_resource(
            ArticlePage, cls.gr["samverkan"], title="Alla blocktyper",
            slug="alla-block", share_with="none", body=[
                {"type": "heading", "value": {"text": "Rubrik", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Ett stycke.</p>"},
                {"type": "callout", "value": {"title": "Tips", "text": "<p>Gör.</p>"}},
                {"type": "quote", "value": {"quote": "Citat.", "attribution": "Någon"}},
                {"type": "figure", "value": {
                    "image": {"image": image.pk, "alt_text": "Ett möte",
                              "decorative": False},
                    "caption": "Bildtext",
                }},
                {"type": "document", "value": {"document": document.pk, "title": ""}},
            ],
        )  # fmt: skip
        cls.document = json.loads(Client().get("/api/v1/openapi.json").content)

    def schema(self, name: str) -> dict:
        return self.document["components"]["schemas"][name]

    def operation(self, path: str) -> dict:
        return self.document["paths"][path]["get"]

    def parameter(self, path: str, name: str) -> dict:
        [found] = [p for p in self.operation(path)["parameters"] if p["name"] == name]
        return found

    def prop(self, component: str, *names: str) -> dict:
        """A property's schema: `names` walks from `component` through $refs,
        arrays and nullable anyOfs."""
        schema = self.schema(component)
        for name in names:
            schema = schema["properties"][name]
            while True:
                options = [
                    o for o in schema.get("anyOf", []) if o.get("type") != "null"
                ]
                if len(options) == 1:
                    schema = options[0]
                elif schema.get("type") == "array":
                    schema = schema["items"]
                elif "$ref" in schema and name != names[-1]:
                    schema = self.schema(schema["$ref"].rsplit("/", 1)[1])
                else:
                    break
        return schema

    def validate(self, path_template: str, body: dict) -> None:
        validator = response_validators(self.document)[path_template]
        errors = [error.message for error in validator.iter_errors(body)]
        self.assertEqual(errors, [], json.dumps(body)[:1000])


class VocabularyEnumTests(ContractTestCase):
    def test_the_vocabularies_are_named_enums_of_the_project_vocabulary(self):
        expected = {"Kind": KINDS, "Order": ORDERS, "Locale": LOCALES, **SLUGS}
        for name, values in expected.items():
            with self.subTest(enum=name):
                self.assertEqual(self.schema(name)["type"], "string")
                self.assertEqual(self.schema(name)["enum"], values)

    def test_every_role_of_the_database_is_in_the_role_enum(self):
        database = set(Role.objects.values_list("slug", flat=True))
        self.assertTrue(database)
        self.assertLessEqual(database, set(self.schema("RoleSlug")["enum"]))

    def test_query_parameters_use_the_enums(self):
        for path in ("/api/v1/resources/", "/api/v1/search/"):
            with self.subTest(path=path):
                for name, enum in LIST_ENUMS.items():
                    [array] = [
                        option
                        for option in self.parameter(path, name)["schema"]["anyOf"]
                        if option.get("type") == "array"
                    ]
                    self.assertIn(array["items"], [ref(enum), extensible(enum)])
                order = self.parameter(path, "order")["schema"]["anyOf"]
                self.assertIn(ref("Order"), order)
        for path in GETS:
            parameters = {p["name"] for p in self.operation(path)["parameters"]}
            if "locale" in parameters:
                with self.subTest(path=path, parameter="locale"):
                    schema = self.parameter(path, "locale")["schema"]
                    self.assertIn(ref("Locale"), schema["anyOf"])

    def test_responses_use_the_enums(self):
        closed = {
            ("ResourceSummary", "kind"): "Kind",
            ("ResourceSummary", "locale"): "Locale",
            ("ResourceSummary", "translations", "locale"): "Locale",
            ("KindFacet", "slug"): "Kind",
            ("Suggestion", "kind"): "Kind",
            ("SiteItem", "locales"): "Locale",
            ("ThemeItem", "locale"): "Locale",
        }
        for names, enum in closed.items():
            with self.subTest(field=names):
                self.assertEqual(self.prop(*names), ref(enum))
        # Vocabularies editors extend: the enum, or a slug added since.
        open_ = {
            ("ResourceSummary", "roles", "slug"): "RoleSlug",
            ("ResourceSummary", "theme", "slug"): "ThemeSlug",
            ("ResourceSummary", "topic", "slug"): "TopicSlug",
            ("RoleFacet", "slug"): "RoleSlug",
            ("ThemeFacet", "slug"): "ThemeSlug",
            ("TopicFacet", "slug"): "TopicSlug",
            ("RoleItem", "slug"): "RoleSlug",
            ("ThemeItem", "slug"): "ThemeSlug",
            ("TopicItem", "slug"): "TopicSlug",
        }
        for names, enum in open_.items():
            with self.subTest(field=names):
                self.assertEqual(self.prop(*names), extensible(enum))

    def test_a_role_an_editor_adds_still_matches_the_document(self):
        """An answer carrying a role outside the canonical vocabulary is valid:
        a client generated before the editor added it can read it."""
        role = Role.objects.create(
            name="Räddningstjänst", slug="raddningstjanst", locale=self.alias.locale
        )
        self.assertNotIn(role.slug, self.schema("RoleSlug")["enum"])
        body = self.get_json("roles/")
        self.assertIn("raddningstjanst", [item["slug"] for item in body["items"]])
        self.validate("/api/v1/roles/", body)


class DiscriminatedDetailTests(ContractTestCase):
    def test_the_detail_is_a_union_discriminated_by_kind(self):
        detail = self.schema("ResourceDetail")
        self.assertEqual(detail["discriminator"]["propertyName"], "kind")
        mapping = detail["discriminator"]["mapping"]
        self.assertEqual(sorted(mapping), sorted(KINDS))
        self.assertEqual(
            sorted(branch["$ref"] for branch in detail["oneOf"]),
            sorted(mapping.values()),
        )
        for path in (DETAIL, "/api/v1/resources/by-path/"):
            content = self.operation(path)["responses"]["200"]["content"]
            self.assertEqual(
                content["application/json"]["schema"], ref("ResourceDetail")
            )

    def test_each_kind_has_its_own_object_and_no_other(self):
        mapping = self.schema("ResourceDetail")["discriminator"]["mapping"]
        for kind, target in mapping.items():
            with self.subTest(kind=kind):
                branch = self.schema(target.rsplit("/", 1)[1])
                self.assertEqual(branch["properties"]["kind"]["const"], kind)
                own = set(branch["properties"]) & {
                    "video",
                    "webinar",
                    "podcast",
                    "link",
                }
                if kind == "article":
                    self.assertEqual(own, set())
                else:
                    self.assertEqual(own, {kind})
                    self.assertIn(kind, branch["required"])
                    # Not nullable: the union says which kind has it.
                    self.assertIn("$ref", branch["properties"][kind])

    def test_every_kind_of_resource_matches_its_branch(self):
        for page in (self.article, self.video, self.webinar, self.podcast, self.link):
            with self.subTest(kind=page.specific.kind):
                body = self.get_json(f"resources/{page.pk}/")
                self.validate(DETAIL, body)
                others = OWN_OBJECTS - {body["kind"]}
                self.assertFalse(others & set(body))


class TypedBodyBlockTests(ContractTestCase):
    def body_items(self) -> dict:
        return self.prop("ArticleDetail", "body")

    def test_body_blocks_are_a_union_discriminated_by_type(self):
        items = self.body_items()
        self.assertEqual(items["discriminator"]["propertyName"], "type")
        self.assertEqual(
            set(items["discriminator"]["mapping"]),
            set(ResourceStreamBlock().child_blocks),
        )

    def test_every_block_value_is_typed(self):
        for block_type, target in self.body_items()["discriminator"]["mapping"].items():
            with self.subTest(block=block_type):
                branch = self.schema(target.rsplit("/", 1)[1])
                self.assertEqual(branch["properties"]["type"]["const"], block_type)
                value = branch["properties"]["value"]
                self.assertTrue("$ref" in value or value.get("type") == "string", value)

    def test_a_body_with_every_block_matches_the_document(self):
        body = self.get_json(f"resources/{self.full_body.pk}/")
        self.assertEqual(
            [block["type"] for block in body["body"]],
            ["heading", "paragraph", "callout", "quote", "figure", "document"],
        )
        self.validate(DETAIL, body)
        figure = body["body"][4]["value"]
        self.assertEqual(figure["image"]["alt"], "Ett möte")
        self.assertTrue(body["body"][5]["value"]["url"].startswith("http://"))


class RevalidationDocumentedTests(ContractTestCase):
    def test_every_get_documents_304_etag_cache_control_and_if_none_match(self):
        for path in GETS:
            with self.subTest(path=path):
                operation = self.operation(path)
                responses = operation["responses"]
                self.assertIn("304", responses)
                self.assertNotIn("content", responses["304"])
                for status in ("200", "304"):
                    self.assertLessEqual(
                        {"ETag", "Cache-Control"}, set(responses[status]["headers"])
                    )
                header = self.parameter(path, "If-None-Match")
                self.assertEqual(header["in"], "header")
                self.assertFalse(header["required"])

    def test_the_documented_304_is_what_the_api_answers(self):
        etag = self.get("sites/")["ETag"]
        response = self.client.get(
            "/api/v1/sites/", HTTP_HOST="localhost", HTTP_IF_NONE_MATCH=etag
        )
        self.assertEqual(response.status_code, 304)


class ApiUrlTests(ContractTestCase):
    def follow(self, api_url: str):
        parts = urlsplit(api_url)
        return self.client.get(
            f"{parts.path}?{parts.query}", HTTP_HOST=parts.netloc or "testserver"
        )

    def test_api_url_is_absolute_and_keeps_the_site(self):
        items = self.get_json("resources/", site="molndal")["items"]
        self.assertTrue(items)
        for item in items:
            with self.subTest(item=item["title"]):
                parts = urlsplit(item["api_url"])
                self.assertEqual((parts.scheme, parts.netloc), ("http", "localhost"))
                self.assertEqual(parts.path, f"/api/v1/resources/{item['id']}/")
                self.assertEqual(parse_qs(parts.query), {"site": ["molndal"]})

    def test_following_api_url_from_a_member_list_gives_the_same_resource(self):
        """From GR's host with ?site=molndal, for local and shared material."""
        items = self.get_json("resources/", site="molndal")["items"]
        ids = {item["id"] for item in items}
        self.assertIn(self.local.pk, ids)
        self.assertIn(self.alias.pk, ids)
        for item in items:
            with self.subTest(item=item["title"]):
                response = self.follow(item["api_url"])
                self.assertEqual(response.status_code, 200, response.content[:300])
                detail = response.json()
                self.assertEqual(
                    (detail["id"], detail["site"]), (item["id"], "molndal")
                )
                self.assertEqual(detail["title"], item["title"])

    def test_api_url_keeps_the_locale_where_given(self):
        [item] = self.get_json("resources/", site="molndal", locale="sv", kind="video")[
            "items"
        ]
        query = parse_qs(urlsplit(item["api_url"]).query)
        self.assertEqual(query, {"site": ["molndal"], "locale": ["sv"]})
        self.assertEqual(self.follow(item["api_url"]).status_code, 200)

    def test_api_url_of_related_and_search_hits_keep_the_site(self):
        hits = self.get_json("search/", site="molndal", q="samverkan")["items"]
        self.assertTrue(hits)
        for hit in hits:
            self.assertIn("site=molndal", hit["api_url"])
            self.assertEqual(self.follow(hit["api_url"]).status_code, 200)
        detail = self.get_json(f"resources/{self.alias.pk}/", site="molndal")
        for related in detail["related"]:
            self.assertIn("site=molndal", related["api_url"])
            self.assertEqual(self.follow(related["api_url"]).status_code, 200)
