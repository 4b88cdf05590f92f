"""List parameters (role, theme, topic, kind) given comma-separated, repeated or
both; any other parameter given twice is a 400, never a silent choice.

OpenAPI's default for an array in the query (style form, explode true) is the
repeated form `role=a&role=b`, which generated clients and URLSearchParams
send; `role=a,b` is the form the API has always taken. Both mean the same.
"""

import json
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from pages.delivery.kinds import KIND_MODELS
from pages.models import Role

from .utils import TREE, ApiTestCase

LIST_PARAMETERS = ("role", "theme", "topic", "kind")
# Every resource of ApiTestCase has the default summary, so this finds them all.
MATCHING_QUERY = "sammanfattning"

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
)


def chunked(draw, values: list[str]) -> list[str]:
    """`values` cut at random places into comma lists, one per repetition;
    sometimes a value given again (the first occurrence counts)."""
    cuts = draw(st.sets(st.integers(1, len(values) - 1))) if len(values) > 1 else set()
    bounds = [0, *sorted(cuts), len(values)]
    chunks = [",".join(values[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    if draw(st.booleans()):
        chunks.append(draw(st.sampled_from(values)))
    return chunks


@st.composite
def list_filters(draw, vocabulary: dict[str, tuple[str, ...]]):
    """(comma form, repeated form, mixed form) of the same filter values:
    some of the list parameters, each with a non-empty subset in any order."""
    names = draw(st.lists(st.sampled_from(LIST_PARAMETERS), min_size=1, unique=True))
    chosen = {
        name: draw(
            st.lists(
                st.sampled_from(vocabulary[name]), min_size=1, max_size=4, unique=True
            )
        )
        for name in names
    }
    comma = {name: ",".join(values) for name, values in chosen.items()}
    repeated = {name: list(values) for name, values in chosen.items()}
    mixed = {name: chunked(draw, values) for name, values in chosen.items()}
    return comma, repeated, mixed


class ListParameterTests(ApiTestCase):
    def test_the_test_client_sends_a_list_as_repeated_parameters(self):
        response = self.get("resources/", role=["socialtjanst", "chefer"])
        self.assertEqual(
            response.request["QUERY_STRING"], "role=socialtjanst&role=chefer"
        )
        self.assertEqual(response.status_code, 200, response.content[:500])

    def test_repeated_roles_are_or_like_comma_separated_ones(self):
        both = {self.article.pk, self.podcast.pk, self.video.pk, self.webinar.pk}
        for role in (
            "socialtjanst,upphandling-och-inkop",
            ["socialtjanst", "upphandling-och-inkop"],
            ["upphandling-och-inkop", "socialtjanst,upphandling-och-inkop"],
        ):
            with self.subTest(role=role):
                self.assertEqual(set(self.ids(role=role, role_strict="true")), both)

    def test_repeated_kinds_themes_and_topics_are_or(self):
        self.assertEqual(
            set(self.ids(kind=["video", "podcast"])), {self.video.pk, self.podcast.pk}
        )
        self.assertEqual(
            len(self.ids(theme=["motverka-brott", "trygghetsskapande"])), 5
        )
        self.assertEqual(
            set(self.ids(topic=["samverkan", "otillaten-paverkan"])),
            {self.podcast.pk, self.article.pk, self.video.pk},
        )

    def test_repeated_filters_on_search(self):
        self.assertEqual(
            set(self.ids("search/", q=MATCHING_QUERY, kind=["video", "link"])),
            {self.video.pk, self.link.pk},
        )

    def test_an_unknown_value_among_repeated_ones_is_named(self):
        data = self.get_json(
            "resources/", expect=400, role=["okand-roll", "socialtjanst"]
        )
        self.assertIn("okand-roll", data["detail"])


class ListFormsAreEquivalentTests(HypothesisTestCase, ApiTestCase):
    """Over random values of the list filters, the comma form, the repeated
    form and a mix give the same answer, items and facets alike."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.vocabulary = {
            "role": tuple(
                Role.objects.filter(locale__language_code="sv")
                .order_by("slug")
                .values_list("slug", flat=True)
            ),
            "kind": tuple(KIND_MODELS),
            "theme": tuple(TREE),
            "topic": tuple(topic for topics in TREE.values() for topic in topics),
        }

    def answers(self, endpoint: str, forms, **params) -> list[dict]:
        bodies = []
        for form in forms:
            response = self.get(endpoint, **params, **form)
            self.assertEqual(response.status_code, 200, response.content[:500])
            bodies.append(json.loads(response.content))
        return bodies

    def test_the_vocabulary_has_several_values_of_each_filter(self):
        for name, values in self.vocabulary.items():
            self.assertGreater(len(values), 1, name)

    @PROPERTY
    @given(data=st.data(), role_strict=st.booleans())
    def test_resources_answer_the_same_to_every_form(self, data, role_strict):
        forms = data.draw(list_filters(self.vocabulary), label="forms")
        strict = "true" if role_strict else "false"
        comma, repeated, mixed = self.answers(
            "resources/", forms, facets="true", role_strict=strict, limit=100
        )
        self.assertEqual(repeated, comma)
        self.assertEqual(mixed, comma)
        self.assertIn("facets", comma)

    @PROPERTY
    @given(data=st.data(), role_strict=st.booleans())
    def test_search_answers_the_same_to_every_form(self, data, role_strict):
        forms = data.draw(list_filters(self.vocabulary), label="forms")
        strict = "true" if role_strict else "false"
        comma, repeated, mixed = self.answers(
            "search/", forms, q=MATCHING_QUERY, role_strict=strict, limit=100
        )
        self.assertEqual(repeated, comma)
        self.assertEqual(mixed, comma)

    def test_search_query_matches_every_resource(self):
        """The property above is only worth something if search finds things."""
        data = self.get_json("search/", q=MATCHING_QUERY)
        self.assertEqual(data["count"], 5)


class RepeatedSingleValueTests(ApiTestCase):
    """A parameter that takes one value, given twice: a 400 naming it."""

    def cases(self):
        """(endpoint, a valid query without the parameter, parameter, two values)."""
        listing = {
            "site": ("gr", "molndal"),
            "locale": ("sv", "en"),
            "limit": ("5", "6"),
            "offset": ("0", "1"),
            "order": ("title", "-title"),
            "updated_since": ("2026-01-01", "2026-02-01"),
            "role_strict": ("true", "false"),
        }
        site_and_locale = {"site": ("gr", "molndal"), "locale": ("sv", "en")}
        path = f"/sv/motverka-brott/otillaten-paverkan/{self.article.slug}/"
        other_path = f"/sv/motverka-brott/otillaten-paverkan/{self.video.slug}/"
        endpoints = [
            (
                "resources/",
                {},
                listing | {"q": (MATCHING_QUERY, "hot"), "facets": ("true", "false")},
            ),
            ("search/", {"q": MATCHING_QUERY}, listing),
            ("search/", {}, {"q": (MATCHING_QUERY, "hot")}),
            (
                "resources/by-path/",
                {"path": path},
                {"site": ("gr", "molndal")},
            ),
            ("resources/by-path/", {}, {"path": (path, other_path)}),
            (f"resources/{self.article.pk}/", {}, site_and_locale),
            ("themes/", {}, site_and_locale),
            ("roles/", {}, site_and_locale),
            ("search/autocomplete/", {"q": "hot"}, site_and_locale),
            ("search/autocomplete/", {}, {"q": ("hot", "film")}),
        ]
        for endpoint, base, parameters in endpoints:
            for name, (first, second) in parameters.items():
                yield endpoint, base, name, first, second

    def test_the_base_queries_are_valid(self):
        for endpoint, base, name, first, _second in self.cases():
            with self.subTest(endpoint=endpoint, parameter=name):
                self.get_json(endpoint, **base, **{name: first})

    def test_a_single_value_parameter_given_twice_is_a_400_naming_it(self):
        for endpoint, base, name, first, second in self.cases():
            for values in ([first, second], [first, first]):
                with self.subTest(endpoint=endpoint, parameter=name, values=values):
                    data = self.get_json(endpoint, expect=400, **base, **{name: values})
                    self.assertEqual(
                        data, {"detail": f"Parametern {name} får bara anges en gång."}
                    )

    def test_several_repeated_parameters_are_all_named(self):
        data = self.get_json(
            "resources/", expect=400, limit=["1", "2"], offset=["0", "0"]
        )
        self.assertEqual(
            data, {"detail": "Parametrarna limit, offset får bara anges en gång."}
        )

    def test_the_rule_is_by_name_unknown_parameters_included(self):
        """Simple rule: only the list parameters may be repeated."""
        data = self.get_json("resources/", expect=400, utm_source=["a", "b"])
        self.assertIn("utm_source", data["detail"])

    def test_list_parameters_may_be_repeated_where_they_mean_nothing(self):
        """Unknown parameters are ignored; a repeated list parameter too."""
        self.get_json("themes/", role=["socialtjanst", "chefer"])

    def test_a_raw_query_string_with_a_repeat_is_refused(self):
        query = urlencode([("q", MATCHING_QUERY), ("limit", "5"), ("limit", "5")])
        response = self.client.get(f"/api/v1/search/?{query}", HTTP_HOST="localhost")
        self.assertEqual(response.status_code, 400, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertNotIn("ETag", response)

    def test_wagtails_api_v2_is_not_ours_to_check(self):
        response = self.client.get(
            "/api/v2/pages/", {"limit": ["5", "5"]}, HTTP_HOST="localhost"
        )
        self.assertEqual(response.status_code, 200, response.content[:500])


class OpenApiListParameterTests(ApiTestCase):
    def parameters(self, path: str) -> dict[str, dict]:
        document = self.get_json("openapi.json")
        operation = document["paths"][path]["get"]
        return {p["name"]: p for p in operation["parameters"]}

    @staticmethod
    def types(schema: dict) -> list[dict]:
        return [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]

    def test_list_parameters_are_arrays_in_the_repeated_form(self):
        for path in ("/api/v1/resources/", "/api/v1/search/"):
            parameters = self.parameters(path)
            for name in LIST_PARAMETERS:
                with self.subTest(path=path, parameter=name):
                    parameter = parameters[name]
                    self.assertEqual(parameter["in"], "query")
                    self.assertFalse(parameter.get("required", False))
                    [array] = self.types(parameter["schema"])
                    self.assertEqual(array["type"], "array")
                    # Items are strings of the parameter's vocabulary (an enum).
                    items = array["items"].get("anyOf", [array["items"]])
                    self.assertIn("$ref", items[0])
                    # Spelled out, so a generator need not know the defaults.
                    self.assertEqual(parameter["style"], "form")
                    self.assertIs(parameter["explode"], True)
                    description = parameter["description"]
                    self.assertIn(f"{name}=", description)
                    self.assertIn(f"&{name}=", description)

    def test_single_value_parameters_are_not_arrays(self):
        parameters = self.parameters("/api/v1/resources/")
        for name in set(parameters) - set(LIST_PARAMETERS):
            with self.subTest(parameter=name):
                for schema in self.types(parameters[name]["schema"]):
                    self.assertNotEqual(schema.get("type"), "array")
