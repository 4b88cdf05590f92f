"""The import end to end against the Plone double: what the site becomes."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page

import pytest

from media_library.models import CustomDocument, CustomImage
from pages.models import ArticlePage, LinkPage, TopicPage, VideoPage
from plone_import.report import Outcome

from .importing import import_site, imported, page, row, run
from .site_data import fixture_double

pytestmark = pytest.mark.django_db


@pytest.fixture
def double():
    with fixture_double() as served:
        yield served


@pytest.fixture
def first(double):
    import_site()
    return run(double)


def roles(resource) -> set[str]:
    return {link.role.slug for link in resource.role_links.all()}


def test_folders_become_topics_and_items_go_under_them(first):
    trygghet = page("folder_trygghet")
    assert isinstance(trygghet, TopicPage) and trygghet.live
    assert trygghet.title == "Trygghetsskapande arbete"
    assert trygghet.get_parent().slug == "trygghetsskapande"
    # The nested folder has no mapping: its items join its parent's topic.
    assert page("folder_belysning").pk == trygghet.pk
    assert page("doc_volto").get_parent().pk == trygghet.pk
    # A top-level folder without a mapping gets a topic of its own.
    stod = page("folder_stod")
    assert (stod.title, stod.slug) == ("Stöd till brottsutsatta", "stod")
    kinds = {
        key: type(page(key))
        for key in ("doc_classic", "news_item", "link_bra", "doc_video_only")
    }
    assert kinds == {
        "doc_classic": ArticlePage,
        "news_item": ArticlePage,
        "link_bra": LinkPage,
        "doc_video_only": VideoPage,
    }
    assert row(first, "event").outcome == Outcome.SKIPPED
    assert "Event" in row(first, "event").problems[0]


def test_fields_status_and_dates_come_from_plone(first):
    news = page("news_item")
    assert news.live
    assert news.summary == "Kommunen och polisen har skrivit under."
    assert news.content_owner == "Göteborgsregionen, trygghetsenheten"
    assert roles(news) == {"alla-medarbetare"}
    assert timezone.localtime(news.first_published_at).date() == datetime.date(
        2024, 9, 10
    )
    private = page("doc_private")
    assert not private.live
    assert roles(private) == {"chefer"}  # the role's slug
    assert "private" in " ".join(row(first, "doc_private").problems)
    expired = page("doc_expired")
    assert not expired.live and expired.expired
    assert expired.expire_at.date() == datetime.date(2025, 1, 30)  # UTC
    link = page("link_bra")
    assert (link.external_url, link.publisher, link.live) == (
        "https://bra.se/",
        "bra.se",
        True,
    )
    video = page("doc_video_only")
    assert video.external_url == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    assert not video.live  # no transcript, captions unconfirmed
    assert "Transkribering saknas" in " ".join(row(first, "doc_video_only").problems)


def test_keywords_map_to_roles_and_the_rest_are_reported(first):
    volto = page("doc_volto")
    assert roles(volto) == {"bygg-och-fastighet", "alla-medarbetare"}
    assert roles(page("doc_classic")) == {"socialtjanst"}  # by the role's name
    assert first.unmapped_keywords == {"Okänt nyckelord": 1}
    assert "Nyckelord utan mappning: Okänt nyckelord (1)" in first.summary()


def test_files_and_images_go_to_the_media_library(first):
    document = CustomDocument.objects.get(pk=imported("file_checklista").document_id)
    assert document.title == "Checklista för trygghetsvandring"
    assert document.file.read().startswith(b"%PDF-")
    image = CustomImage.objects.get(pk=imported("image_gangvag").image_id)
    assert (image.width, image.height) == (40, 30)
    assert image.alt_text == "En upplyst gångväg mellan två hus på kvällen."
    assert not image.alt_text_reviewed and image.missing_alt_text


def test_bodies_are_converted_with_links_to_the_new_pages(first):
    classic = page("doc_classic")
    blocks = [block.block_type for block in classic.body]
    assert blocks == ["heading", "paragraph", "figure"]
    text = classic.body[1].value.source
    volto_id = page("doc_volto").pk
    document_id = imported("file_checklista").document_id
    assert f'<a linktype="page" id="{volto_id}">trygghetsvandringen</a>' in text
    assert f'<a linktype="document" id="{document_id}">checklistan</a>' in text
    assert "<b>viktigt</b>" in text and "<ul><li>Ett</li>" in text
    figure = classic.body[2].value
    assert figure["image"].pk == imported("image_gangvag").image_id
    assert figure["image"].contextual_alt_text == "Gångväg i kvällsljus"

    volto = page("doc_volto")
    kinds = [block.block_type for block in volto.body]
    assert kinds == [
        *("paragraph", "heading", "paragraph", "figure", "paragraph", "callout"),
        "paragraph",  # the video's link
    ]
    assert volto.body[5].value["title"].endswith("maps")
    source = " ".join(
        block.value.source for block in volto.body if block.block_type == "paragraph"
    )
    assert f'<a linktype="page" id="{classic.pk}">lägesbilden</a>' in source
    assert f'<a linktype="page" id="{page("news_item").pk}">' in source
    assert "dQw4w9WgXcQ" in source  # the video as a link, reported
    problems = " ".join(row(first, "doc_volto").problems)
    assert "maps" in problems and "dQw4w9WgXcQ" in problems


def test_pages_with_unreviewed_images_are_drafts_until_reviewed(first):
    classic = page("doc_classic")
    assert not classic.live
    assert "granskat" in " ".join(row(first, "doc_classic").problems)
    image = CustomImage.objects.get(pk=imported("image_gangvag").image_id)
    assert classic.publish_errors()["body"]
    image.alt_text_reviewed = True
    image.save()
    assert page("doc_classic").publish_errors() == {}


def test_plone_paths_redirect_to_the_new_pages(first, client):
    news = page("news_item")
    for old in ("/sv/trygghet/ny-overenskommelse", "/trygghet/ny-overenskommelse"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"].rstrip("/").endswith(news.url.rstrip("/"))
    document = CustomDocument.objects.get(pk=imported("file_checklista").document_id)
    response = client.get("/sv/trygghet/checklista.pdf/@@download/file")
    assert response.status_code == 301 and response["Location"] == document.url
    assert Redirect.objects.filter(old_path="/sv/trygghet").get().redirect_page_id == (
        page("folder_trygghet").pk
    )


def test_a_translation_becomes_the_english_page_of_the_swedish_one(first):
    swedish, english = page("doc_translated_sv"), page("doc_translated_en")
    assert english.translation_key == swedish.translation_key
    assert english.locale == Locale.objects.get(language_code="en")
    assert (english.title, english.slug) == ("About crime prevention work", "about")
    assert english.summary == "What the work is about."
    assert "everyone's business" in english.body[0].value.source
    assert english.live
    # Without keywords of its own it is for whom the original is.
    assert roles(english) == {"alla-medarbetare"}
    assert {link.role.locale.language_code for link in english.role_links.all()} == {
        "en"
    }
    assert row(first, "doc_translated_en").outcome == Outcome.CREATED


def test_a_rerun_without_changes_writes_nothing(double, first):
    with CaptureQueriesContext(connection) as queries:
        again = run(double)
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"], re.I)
    ]
    assert writes == []
    outcomes = {line.outcome for line in again.rows}
    assert outcomes == {Outcome.UNCHANGED, Outcome.SKIPPED}
    assert Page.objects.filter(title="Lägesbild för kommunen").count() == 1
