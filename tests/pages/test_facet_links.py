"""One way to turn a facet into links, for the topic page and the search page."""

from urllib.parse import urlencode

from django.test import SimpleTestCase

from pages.facet_links import facet_links


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
