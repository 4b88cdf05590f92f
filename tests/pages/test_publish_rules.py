"""What an editor cannot publish, and the message they see instead."""

from django.test import TestCase
from django.urls import reverse

from pages.models import ArticlePage, PodcastEpisodePage, VideoPage, WebinarPage
from pages.models.base import MISSING_ALT_TEXT_MESSAGE, MISSING_ROLE_MESSAGE
from pages.models.recording import MISSING_TRANSCRIPT_MESSAGE
from pages.models.video import (
    MISSING_CAPTIONS_MESSAGE,
    MISSING_VIDEO_MESSAGE,
    UNCONFIRMED_CAPTIONS_MESSAGE,
)
from tests.factories import (
    build_site,
    edit_form_data,
    make_editor,
    make_image,
    make_media,
    make_resource,
)


class PublishRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _, _, cls.topic = build_site()
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def submit(self, page, action: str = "action-publish", **changes):
        data = edit_form_data(self.client, page)
        for field, value in changes.items():
            data[field] = value
        data[action] = action
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data
        )
        page.refresh_from_db()
        return response

    def assertPublishBlocked(self, page, message, **changes):
        response = self.submit(page, **changes)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, str(message))
        self.assertFalse(page.live)

    def draft(self, model, **fields):
        return make_resource(model, self.topic, publish=False, **fields)

    def test_video_without_captions_cannot_be_published(self):
        page = self.draft(
            VideoPage, video=make_media("video", captions=False), transcript="Text."
        )
        self.assertPublishBlocked(page, MISSING_CAPTIONS_MESSAGE)

    def test_video_without_transcript_cannot_be_published(self):
        page = self.draft(VideoPage, video=make_media("video"))
        self.assertPublishBlocked(page, MISSING_TRANSCRIPT_MESSAGE)

    def test_video_without_any_video_cannot_be_published(self):
        page = self.draft(VideoPage, transcript="Text.")
        self.assertPublishBlocked(page, MISSING_VIDEO_MESSAGE)

    def test_external_webinar_needs_confirmed_captions(self):
        page = self.draft(
            WebinarPage, external_url="https://vimeo.com/123456", transcript="Text."
        )
        self.assertPublishBlocked(page, UNCONFIRMED_CAPTIONS_MESSAGE)
        response = self.submit(page, provider_captions_confirmed="on")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(page.live)

    def test_podcast_without_transcript_cannot_be_published(self):
        page = self.draft(PodcastEpisodePage, audio=make_media("audio", captions=False))
        self.assertPublishBlocked(page, MISSING_TRANSCRIPT_MESSAGE)

    def test_listing_image_without_alt_text_cannot_be_published(self):
        page = self.draft(ArticlePage, listing_image=make_image(alt_text=""))
        self.assertPublishBlocked(page, MISSING_ALT_TEXT_MESSAGE)

    def test_decorative_listing_image_needs_no_alt_text(self):
        page = self.draft(
            ArticlePage, listing_image=make_image(alt_text="", decorative=True)
        )
        self.assertEqual(self.submit(page).status_code, 302)
        self.assertTrue(page.live)

    def test_summary_over_300_characters_cannot_be_published(self):
        page = self.draft(ArticlePage)
        self.assertPublishBlocked(page, "som mest 300 tecken", summary="x" * 301)

    def test_resource_without_roles_cannot_be_published(self):
        page = self.draft(ArticlePage, roles=())
        self.assertPublishBlocked(page, MISSING_ROLE_MESSAGE)

    def test_incomplete_video_can_still_be_saved_as_a_draft(self):
        page = self.draft(VideoPage, video=make_media("video", captions=False))
        response = self.submit(page, action="action-save", title="Utkast som växer")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(page.live)
        self.assertEqual(page.get_latest_revision_as_object().title, "Utkast som växer")

    def test_transcript_from_the_media_library_is_used_when_the_page_has_none(self):
        media = make_media("video", transcript="Det här sägs i filmen.")
        page = self.draft(VideoPage, video=media)
        self.assertEqual(self.submit(page).status_code, 302)
        self.assertTrue(page.live)
        self.assertEqual(page.transcript, "Det här sägs i filmen.")

    def test_bulk_publish_refuses_incomplete_resources(self):
        page = self.draft(VideoPage, video=make_media("video", captions=False))
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        response = self.client.post(
            f"{url}?id={page.pk}", {"include_descendants": ""}, follow=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, page.title)
        page.refresh_from_db()
        self.assertFalse(page.live)
