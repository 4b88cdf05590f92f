"""One way to turn a facet into links, for the topic page and the search page."""

from urllib.parse import urlencode

from django.test import SimpleTestCase

from pages.facet_links import facet_group, facet_links
from tests.test_import_direction import API, ROOT, violations


def query(values: dict) -> str:
    return "?" + urlencode(values)


class FacetLinksTests(SimpleTestCase):
    options = [("video", "Filmer", 3), ("article", "Artiklar", 5)]

    def test_an_option_sets_its_value_and_keeps_the_other_filters(self):
        group = facet_links("Typ", "kind", {"role": "chefer"}, self.options, query)
        self.assertEqual(
            [option["url"] for option in group["options"]],
            ["?role=chefer&kind=video", "?role=chefer&kind=article"],
        )
        self.assertEqual([o["count"] for o in group["options"]], [3, 5])
        self.assertFalse(any(option["chosen"] for option in group["options"]))
        self.assertIsNone(group["clear_url"])

    def test_the_chosen_option_links_to_clearing_it(self):
        chosen = {"q": "hot", "kind": "video", "role": "chefer"}
        group = facet_links("Typ", "kind", chosen, self.options, query)
        video, article = group["options"]
        self.assertTrue(video["chosen"])
        self.assertEqual(video["url"], "?q=hot&role=chefer")
        self.assertEqual(article["url"], "?q=hot&role=chefer&kind=article")
        self.assertEqual(group["clear_url"], "?q=hot&role=chefer")
        self.assertEqual((group["title"], group["name"]), ("Typ", "kind"))

    def test_the_order_of_the_other_parameters_is_kept(self):
        chosen = {"q": "hot", "theme": "t", "role": "chefer", "topic": "a"}
        group = facet_links("Roll", "role", chosen, [("hr", "HR", 1)], query)
        self.assertEqual(group["options"][0]["url"], "?q=hot&theme=t&topic=a&role=hr")
        self.assertEqual(group["clear_url"], "?q=hot&theme=t&topic=a")


class FacetGroupTests(SimpleTestCase):
    kinds = [{"slug": "video", "count": 2}, {"slug": "article", "count": 1}]

    def labels(self, group: dict) -> list[str]:
        return [option["label"] for option in group["options"]]

    def test_a_kind_is_its_verbose_name_or_its_plural_capitalised(self):
        group = facet_group("Typ", "kind", self.kinds, {}, query)
        self.assertEqual(self.labels(group), ["Video", "Artikel"])
        group = facet_group("Typ", "kind", self.kinds, {}, query, plural=True)
        self.assertEqual(self.labels(group), ["Videor", "Artiklar"])
        self.assertEqual(group["options"][0]["url"], "?kind=video")

    def test_a_role_takes_the_given_name_else_the_rows(self):
        rows = [
            {"slug": "chefer", "name": "Chefer", "count": 4},
            {"slug": "hr", "name": "HR", "count": 1},
        ]
        group = facet_group(
            "Roll", "role", rows, {}, query, role_names={"chefer": "Managers"}
        )
        self.assertEqual(self.labels(group), ["Managers", "HR"])
        self.assertEqual(
            self.labels(facet_group("Roll", "role", rows, {}, query)), ["Chefer", "HR"]
        )

    def test_a_theme_or_topic_is_its_title(self):
        rows = [{"slug": "brand", "title": "Brand", "locale": "sv", "count": 3}]
        group = facet_group("Tema", "theme", rows, {"theme": "brand"}, query)
        option = group["options"][0]
        self.assertEqual((option["label"], option["count"]), ("Brand", 3))
        self.assertTrue(option["chosen"])
        self.assertEqual(option["url"], "?")


def test_the_module_never_uses_the_api_package():
    assert violations([ROOT / "pages/facet_links.py"], API) == []
