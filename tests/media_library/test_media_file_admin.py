"""Audio and video files through the snippet admin views."""

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.snippets.widgets import AdminSnippetChooser

import pytest
from upload_samples import VALID_VTT, ebml_bytes, uploaded, wav_bytes

from media_library.models import MediaCaption, MediaFile
from media_library.widgets import MediaFileChooser

pytestmark = pytest.mark.django_db

ADD_URL_NAME = "wagtailsnippets_media_library_mediafile:add"
CHOOSER_URL_NAME = "wagtailsnippetchoosers_media_library_mediafile:choose"


def post_media(client, file, captions=(), **fields):
    """POST the add view with `captions` as (language, label, file) rows."""
    data = {
        "title": "Poddavsnitt om trygghet",
        "file": file,
        "duration_seconds": "125",
        "transcript": "Hej och välkommen.",
        "captions-TOTAL_FORMS": str(len(captions)),
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, (language, label, caption_file) in enumerate(captions):
        data.update(
            {
                f"captions-{index}-language": language,
                f"captions-{index}-label": label,
                f"captions-{index}-file": caption_file,
                f"captions-{index}-ORDER": str(index + 1),
                f"captions-{index}-id": "",
            }
        )
    return client.post(reverse(ADD_URL_NAME), data)


def vtt(content: str, name: str = "textning.vtt"):
    return uploaded(name, content.encode(), "text/vtt")


def caption_errors(response) -> str:
    formset = response.context["form"].formsets["captions"]
    return " ".join(
        str(error) for form in formset.forms for error in form.errors.values()
    )


def test_text_file_renamed_mp3_is_rejected_without_error_page(admin_client):
    response = post_media(admin_client, uploaded("avsnitt.mp3", b"inte ljud\n" * 50))

    assert response.status_code == 200
    assert "Filtypen stöds inte" in response.content.decode()
    assert not MediaFile.objects.exists()


def test_wav_renamed_mp3_is_rejected_as_extension_mismatch(admin_client):
    response = post_media(admin_client, uploaded("avsnitt.mp3", wav_bytes()))

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    assert [error.code for error in errors] == ["extension_mismatch"]
    assert not MediaFile.objects.exists()


def test_zero_byte_media_file_is_rejected_without_error_page(admin_client):
    response = post_media(admin_client, uploaded("tom.wav", b""))

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "empty"
    assert not MediaFile.objects.exists()


def test_generated_wav_is_accepted_as_audio(admin_client, admin_user):
    content = wav_bytes()

    response = post_media(admin_client, uploaded("avsnitt.wav", content))

    assert response.status_code == 302
    media = MediaFile.objects.get()
    assert media.media_type == "audio"
    assert media.mime_type == "audio/wav"
    assert media.file_size == len(content)
    assert media.duration_seconds == 125
    assert media.uploaded_by_user == admin_user
    assert media.url.endswith(".wav")
    assert media.file.name.startswith("media/")


def test_webm_is_accepted_as_video(admin_client):
    response = post_media(admin_client, uploaded("film.webm", ebml_bytes(b"webm")))

    assert response.status_code == 302
    media = MediaFile.objects.get()
    assert (media.media_type, media.mime_type) == ("video", "video/webm")


def test_valid_webvtt_caption_is_accepted(admin_client):
    response = post_media(
        admin_client,
        uploaded("avsnitt.wav", wav_bytes()),
        captions=[("sv", "Svenska", vtt(VALID_VTT)), ("en", "", vtt(VALID_VTT))],
    )

    assert response.status_code == 302
    captions = list(MediaFile.objects.get().captions.order_by("sort_order"))
    assert [(c.language, c.label) for c in captions] == [
        ("sv", "Svenska"),
        ("en", "Engelska"),  # blank label falls back to the language name
    ]
    assert captions[0].file.read().decode().startswith("WEBVTT")


def test_caption_without_webvtt_header_is_rejected_naming_the_line(admin_client):
    response = post_media(
        admin_client,
        uploaded("avsnitt.wav", wav_bytes()),
        captions=[("sv", "Svenska", vtt(VALID_VTT.replace("WEBVTT", "WEBVT", 1)))],
    )

    assert response.status_code == 200
    assert "Rad 1:" in caption_errors(response)
    assert "WEBVTT" in caption_errors(response)
    assert not MediaFile.objects.exists()
    assert not MediaCaption.objects.exists()


def test_caption_ending_before_it_starts_is_rejected_naming_the_line(admin_client):
    bad = "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nBaklänges\n"

    response = post_media(
        admin_client,
        uploaded("avsnitt.wav", wav_bytes()),
        captions=[("sv", "Svenska", vtt(bad))],
    )

    assert response.status_code == 200
    errors = caption_errors(response)
    assert "Rad 3:" in errors
    assert "sluttiden 00:00:04.000 måste vara senare än starttiden" in errors
    assert not MediaFile.objects.exists()


def test_caption_with_wrong_extension_is_rejected(admin_client):
    response = post_media(
        admin_client,
        uploaded("avsnitt.wav", wav_bytes()),
        captions=[("sv", "Svenska", vtt(VALID_VTT, name="textning.srt"))],
    )

    assert response.status_code == 200
    assert "filändelsen .vtt" in caption_errors(response)
    assert not MediaFile.objects.exists()


def test_listing_filters_by_media_type_and_searches_titles(admin_client):
    MediaFile.objects.create(
        title="Ljudklipp",
        file=ContentFile(wav_bytes(), name="klipp.wav"),
        media_type="audio",
        mime_type="audio/wav",
    )
    MediaFile.objects.create(
        title="Filmklipp",
        file=ContentFile(ebml_bytes(b"webm"), name="klipp.webm"),
        media_type="video",
        mime_type="video/webm",
    )
    url = reverse("wagtailsnippets_media_library_mediafile:list")

    filtered = admin_client.get(url, {"media_type": "video"})
    searched = admin_client.get(url, {"media_type": "audio", "q": "Ljudklipp"})

    assert filtered.status_code == 200
    assert [obj.title for obj in filtered.context["object_list"]] == ["Filmklipp"]
    assert searched.status_code == 200
    assert [obj.title for obj in searched.context["object_list"]] == ["Ljudklipp"]


def test_media_file_chooser_lists_only_the_requested_media_type(admin_client):
    for title, media_type in [("Ljudklipp", "audio"), ("Filmklipp", "video")]:
        MediaFile.objects.create(
            title=title,
            file=ContentFile(b"x", name="klipp.bin"),
            media_type=media_type,
            mime_type="",
        )
    widget = MediaFileChooser(media_type="video")

    response = admin_client.get(widget.get_chooser_modal_url())

    assert response.status_code == 200
    html = response.json()["html"]
    assert "Filmklipp" in html
    assert "Ljudklipp" not in html


def test_foreign_key_to_media_file_gets_the_snippet_chooser():
    # A FieldPanel on any ForeignKey to MediaFile (a ParentalKey is one) gets
    # the widget that the snippet chooser viewset registers.
    field = formfield_for_dbfield(MediaCaption._meta.get_field("media"))

    assert isinstance(field.widget, AdminSnippetChooser)
    assert field.widget.get_chooser_modal_url() == reverse(CHOOSER_URL_NAME)
