"""Every page type lives where it belongs, renders, and opens in the admin."""

from django.test import RequestFactory
from django.urls import reverse

from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from pages.listing import related_material
from pages.models import (
    ArticlePage,
    HomePage,
    LinkPage,
    PodcastEpisodePage,
    ResourcePageRelated,
    ThemeHubPage,
    TopicPage,
    VideoPage,
    WebinarPage,
)
from siteinfo.models import AccessibilityStatementPage, ContactPage, PrivacyPage
from tests.factories import (
    build_site,
    edit_form_data,
    form_errors,
    make_editor,
    make_media,
    make_resource,
)

RESOURCE_TYPES = {ArticlePage, VideoPage, WebinarPage, PodcastEpisodePage, LinkPage}
ALL_TYPES = {HomePage, ThemeHubPage, TopicPage} | RESOURCE_TYPES


def kind_fields(model) -> dict:
    if model in (VideoPage, WebinarPage):
        return {"video": make_media("video"), "transcript": "Det som sägs i videon."}
    if model is PodcastEpisodePage:
        return {"audio": make_media("audio"), "transcript": "Det som sägs i avsnittet."}
    if model is LinkPage:
        return {"external_url": "https://bra.se/", "publisher": "Brå"}
    return {}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_tree_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        # The themes, and the site's own pages the law asks for (siteinfo/).
        self.assertAllowedSubpageTypes(
            HomePage,
            {ThemeHubPage, AccessibilityStatementPage, ContactPage, PrivacyPage},
        )

    def test_theme_hub_only_under_home(self):
        self.assertAllowedParentPageTypes(ThemeHubPage, {HomePage})
        self.assertAllowedSubpageTypes(ThemeHubPage, {TopicPage})

    def test_topic_only_under_theme_hub_and_holds_every_resource_kind(self):
        self.assertAllowedParentPageTypes(TopicPage, {ThemeHubPage})
        self.assertAllowedSubpageTypes(TopicPage, RESOURCE_TYPES)

    def test_resources_only_under_topics_and_have_no_children(self):
        for model in RESOURCE_TYPES:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {TopicPage})
                self.assertAllowedSubpageTypes(model, set())

    def test_no_page_type_can_be_created_in_the_wrong_place(self):
        allowed = {
            HomePage: {Page},
            ThemeHubPage: {HomePage},
            TopicPage: {ThemeHubPage},
            **dict.fromkeys(RESOURCE_TYPES, {TopicPage}),
        }
        for child in ALL_TYPES:
            for parent in ALL_TYPES | {Page}:
                with self.subTest(child=child.__name__, parent=parent.__name__):
                    if parent in allowed[child]:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)


class PageRenderingAndAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.theme, cls.topic = build_site()
        cls.resources = {
            model: make_resource(
                model, cls.topic, slug=model.kind, **kind_fields(model)
            )
            for model in RESOURCE_TYPES
        }
        cls.editor = make_editor()

    def all_pages(self):
        return [self.home, self.theme, self.topic, *self.resources.values()]

    def test_every_page_type_renders(self):
        for page in self.all_pages():
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                # Through the whole stack, /sv/ language prefix included.
                self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_every_page_type_previews_in_the_admin(self):
        draft_topic = self.theme.add_child(
            instance=TopicPage(title="Nytt ämne", slug="nytt-amne", live=False)
        )
        for page in [*self.all_pages(), draft_topic]:
            with self.subTest(page=type(page).__name__, live=page.live):
                self.client.force_login(self.editor)  # the assertion logs out
                form = edit_form_data(self.client, page)
                self.assertPageIsPreviewable(page, user=self.editor, post_data=form)

    def test_a_page_being_created_previews_in_the_admin(self):
        self.client.force_login(self.editor)
        for parent, model in ((self.theme, TopicPage), (self.topic, ArticlePage)):
            with self.subTest(model=model.__name__):
                args = [model._meta.app_label, model._meta.model_name, parent.pk]
                add = self.client.get(reverse("wagtailadmin_pages:add", args=args))
                data = querydict_from_html(
                    add.content.decode(), form_id="page-edit-form"
                )
                data.update({"title": "Under arbete", "slug": "under-arbete"})
                data.update({"summary": "Kort.", "content_owner": "GR"})
                if model is ArticlePage:
                    data["body-count"] = "0"
                url = reverse("wagtailadmin_pages:preview_on_add", args=args)
                self.assertTrue(self.client.post(url, data).json()["is_valid"])
                preview = self.client.get(url)
                self.assertContains(preview, "<h1>Under arbete</h1>")

    def test_resource_page_shows_its_summary_and_roles(self):
        response = self.client.get(self.resources[ArticlePage].url)
        self.assertContains(response, "En kort sammanfattning av materialet.")
        self.assertContains(response, "Socialtjänst")

    def test_video_page_offers_captions_and_transcript(self):
        response = self.client.get(self.resources[VideoPage].url)
        self.assertContains(response, '<track kind="captions"')
        self.assertContains(response, "Det som sägs i videon.")

    def test_editor_can_open_edit_view_of_every_page_type(self):
        self.client.force_login(self.editor)
        for page in self.all_pages():
            with self.subTest(page=type(page).__name__):
                response = self.client.get(
                    reverse("wagtailadmin_pages:edit", args=[page.pk])
                )
                self.assertEqual(response.status_code, 200)

    def test_editor_can_open_create_view_of_every_page_type_under_its_parent(self):
        self.client.force_login(self.editor)
        parents = {ThemeHubPage: self.home, TopicPage: self.theme}
        for model in {ThemeHubPage, TopicPage} | RESOURCE_TYPES:
            parent = parents.get(model, self.topic)
            with self.subTest(model=model.__name__):
                url = reverse(
                    "wagtailadmin_pages:add",
                    args=[model._meta.app_label, model._meta.model_name, parent.pk],
                )
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_editor_can_republish_every_resource_from_its_own_edit_form(self):
        self.client.force_login(self.editor)
        for model in RESOURCE_TYPES:
            page = self.resources[model]
            with self.subTest(model=model.__name__):
                data = edit_form_data(self.client, page)
                data["title"] = f"{page.title} (uppdaterad)"
                data["action-publish"] = "action-publish"
                url = reverse("wagtailadmin_pages:edit", args=[page.pk])
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 302, form_errors(response))
                page.refresh_from_db()
                self.assertTrue(page.live)
                self.assertEqual(page.title, data["title"])


class RelatedResourcesVisibilityTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        _, _, topic = build_site()
        cls.published = make_resource(
            ArticlePage, topic, slug="publicerad", title="Synlig"
        )
        cls.draft = make_resource(ArticlePage, topic, slug="utkast", publish=False)
        cls.private = make_resource(ArticlePage, topic, slug="privat", title="Privat")
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.page = make_resource(ArticlePage, topic, slug="med-relaterat")
        cls.page.related_links = [
            ResourcePageRelated(target=target)
            for target in (cls.draft, cls.private, cls.published)
        ]
        cls.page.save_revision().publish()

    def test_only_published_public_related_resources_are_shown(self):
        self.page.refresh_from_db()
        request = RequestFactory().get(self.page.url, HTTP_HOST="localhost")
        self.assertEqual(
            related_material(request, self.page), [self.published.specific]
        )
        response = self.client.get(self.page.url)
        self.assertContains(response, "Synlig")
        self.assertNotContains(response, "Privat")
