"""The reference site's search page: the API's search, facets and notices in HTML."""

from tests.search.test_search_api import SearchTestCase


class SearchPageTests(SearchTestCase):
    def get(self, host: str = "localhost", **params):
        return self.client.get("/sv/sok/", params, HTTP_HOST=host)

    def test_without_a_query_it_shows_the_form(self):
        response = self.get()
        self.assertContains(response, 'type="search"')
        self.assertNotContains(response, "träff")

    def test_results_with_highlight_count_and_facet_links(self):
        response = self.get(q="klottersanering")
        self.assertContains(response, "1 träff för ”klottersanering”")
        self.assertContains(response, self.klotter.title)
        self.assertContains(response, "?q=klottersanering&amp;kind=article")
        self.assertContains(response, "Artikel <span")

    def test_a_facet_link_filters_and_marks_itself_chosen(self):
        response = self.get(q="leverantörer", role="upphandling-och-inkop")
        self.assertContains(response, self.upphandling.title)
        self.assertContains(response, 'aria-current="true"')
        response = self.get(q="leverantörer", role="socialtjanst")
        self.assertNotContains(response, self.upphandling.title)

    def test_an_unknown_filter_is_dropped_with_a_notice(self):
        response = self.get(q="klotter", kind="nonsens", theme="<b>x</b>")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Filtret ignorerades", count=2)
        self.assertContains(response, self.klotter.title)
        self.assertNotContains(response, "<b>x</b>")

    def test_a_corrected_query_says_so_with_a_link_to_the_query_as_typed(self):
        response = self.get(q="klottersanerng")
        self.assertContains(
            response,
            '<p class="search-correction">Visar resultat för <strong>'
            "klottersanering</strong>. Sök i stället efter "
            '<a href="?q=klottersanerng&amp;exakt=1">klottersanerng</a></p>',
            html=True,
        )
        self.assertContains(response, self.klotter.title)
        self.assertContains(response, "1 träff för ”klottersanering”")
        # The link searches for what was typed: nothing, and no correction.
        exact = self.get(q="klottersanerng", exakt="1")
        self.assertNotContains(exact, "Visar resultat för")
        self.assertNotContains(exact, self.klotter.title)
        self.assertContains(exact, "0 träffar för ”klottersanerng”")

    def test_a_corrected_query_keeps_its_filters_in_the_link(self):
        response = self.get(q="klottersanerng", kind="article")
        self.assertContains(response, "?q=klottersanerng&amp;kind=article&amp;exakt=1")

    def test_a_query_spelt_right_shows_no_correction(self):
        self.assertNotContains(self.get(q="klottersanering"), "search-correction")

    def test_the_query_is_escaped_not_reflected_as_markup(self):
        response = self.get(q='<script>alert("x")</script>')
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>alert")

    def test_each_site_searches_its_own_material(self):
        local = self.article(
            "Mölndals egna klotterplank", parent=self.molndal["samverkan"],
            slug="plank", share_with="none",
        )  # fmt: skip
        self.assertNotContains(self.get(q="klotterplank"), local.title)
        self.assertContains(
            self.get("molndal.localhost", q="klotterplank"), local.title
        )

    def test_a_member_site_marks_the_results_gr_shared(self):
        shared = self.article("Klotterplank i samverkan", slug="plank-gr")
        local = self.article(
            "Mölndals egna klotterplank", parent=self.molndal["samverkan"],
            slug="plank", share_with="none",
        )  # fmt: skip
        results = self.get("molndal.localhost", q="klotterplank").content.decode()
        items = results.split("<li>")[1:]
        (shared_item,) = [item for item in items if shared.title in item]
        (local_item,) = [item for item in items if local.title in item]
        self.assertIn("Delat av gr", shared_item)
        self.assertNotIn("Delat av", local_item)
        self.assertNotContains(self.get(q="klotterplank"), "Delat av")

    def test_a_bad_page_number_is_page_one(self):
        for sida in ("abc", "-3", "99999999999999999999"):
            with self.subTest(sida=sida):
                self.assertEqual(self.get(q="klotter", sida=sida).status_code, 200)

    def test_the_role_in_the_readers_cookie_lifts_its_material(self):
        first = self.article(
            "Brandskydd i skolan", slug="skola", share_with="none",
            roles=("skola-och-forskola",),
        )  # fmt: skip
        second = self.article(
            "Brandskydd i skolan", slug="bygg", share_with="none",
            roles=("bygg-och-fastighet",),
        )  # fmt: skip
        for role, expected in (
            ("skola-och-forskola", first),
            ("bygg-och-fastighet", second),
        ):
            with self.subTest(role=role):
                self.client.cookies["roll"] = role
                content = self.get(q="brandskydd").content.decode()
                self.assertLess(
                    content.index(f"/{expected.slug}/"),
                    content.index(f"/{(second if expected is first else first).slug}/"),
                )
        self.client.cookies["roll"] = "<script>"
        self.assertEqual(self.get(q="brandskydd").status_code, 200)
