"""Model behaviour: alt text helpers, durations, captions, file cleanup."""

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse

from wagtail.models import Collection

import pytest
from upload_samples import VALID_VTT, png_bytes, wav_bytes

from media_library.models import CustomImage, MediaCaption, MediaFile


def make_image(**fields) -> CustomImage:
    return CustomImage.objects.create(
        title="Parkmiljö",
        file=ImageFile(ContentFile(png_bytes(), name="park.png")),
        **fields,
    )


def make_media(**fields) -> MediaFile:
    return MediaFile.objects.create(
        title="Avsnitt 1",
        file=ContentFile(wav_bytes(), name="avsnitt.wav"),
        media_type="audio",
        mime_type="audio/wav",
        **fields,
    )


@pytest.mark.parametrize(
    ("alt_text", "is_decorative", "missing", "default"),
    [
        ("", False, True, ""),
        ("   ", False, True, ""),
        ("Upplyst gångväg i en park", False, False, "Upplyst gångväg i en park"),
        ("", True, False, ""),
        # A decorative image is silent even if it once got a text.
        ("Gammal text", True, False, ""),
    ],
)
@pytest.mark.django_db  # a new image asks for the root collection
def test_alt_text_helpers(alt_text, is_decorative, missing, default):
    image = CustomImage(
        title="park.png", alt_text=alt_text, is_decorative=is_decorative
    )

    assert image.missing_alt_text is missing
    assert image.default_alt_text == default


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, ""), (0, "0:00"), (59, "0:59"), (125, "2:05"), (3725, "1:02:05")],
)
@pytest.mark.django_db
def test_duration_display(seconds, shown):
    assert MediaFile(duration_seconds=seconds).duration_display == shown


@pytest.mark.django_db
def test_editing_an_image_without_alt_text_is_refused(admin_client):
    image = make_image()
    data = {
        "title": image.title,
        "collection": Collection.get_first_root_node().pk,
        "tags": "",
        "alt_text": "",
        "credit": "",
        "licence": "",
    }
    url = reverse("wagtailimages:edit", args=[image.pk])

    refused = admin_client.post(url, data)
    accepted = admin_client.post(url, {**data, "alt_text": "Upplyst gångväg"})

    assert refused.status_code == 200
    assert "alt_text" in refused.context["form"].errors
    assert accepted.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "Upplyst gångväg"


@pytest.mark.django_db
def test_multiple_uploader_edit_of_an_existing_image_requires_alt_text(admin_client):
    image = make_image()
    prefix = f"image-{image.pk}"
    data = {
        f"{prefix}-title": image.title,
        f"{prefix}-collection": Collection.get_first_root_node().pk,
        f"{prefix}-tags": "",
        f"{prefix}-alt_text": "",
    }

    response = admin_client.post(
        reverse("wagtailimages:edit_multiple", args=[image.pk]), data
    )

    assert response.json()["success"] is False
    assert "Skriv en alternativtext" in response.json()["form"]


@pytest.mark.django_db
def test_caption_label_defaults_to_the_language_name():
    caption = MediaCaption.objects.create(
        media=make_media(),
        language="en",
        file=ContentFile(VALID_VTT.encode(), name="en.vtt"),
    )

    assert caption.label == "Engelska"
    assert str(caption) == "Engelska"


@pytest.mark.django_db
def test_deleting_a_media_file_removes_its_files_from_storage(
    django_capture_on_commit_callbacks,
):
    media = make_media()
    caption = MediaCaption.objects.create(
        media=media, file=ContentFile(VALID_VTT.encode(), name="sv.vtt")
    )
    storage = media.file.storage
    names = [media.file.name, caption.file.name]
    assert all(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        media.delete()

    assert not any(storage.exists(name) for name in names)


@pytest.mark.django_db
def test_replacing_the_file_removes_the_old_one(
    admin_client, django_capture_on_commit_callbacks
):
    media = make_media()
    old_name = media.file.name
    url = reverse("wagtailsnippets_media_library_mediafile:edit", args=[media.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "title": media.title,
                "file": ContentFile(wav_bytes(seconds=0.2), name="nytt.wav"),
                "duration_seconds": "",
                "transcript": "",
                "captions-TOTAL_FORMS": "0",
                "captions-INITIAL_FORMS": "0",
                "captions-MIN_NUM_FORMS": "0",
                "captions-MAX_NUM_FORMS": "1000",
            },
        )

    assert response.status_code == 302
    media.refresh_from_db()
    assert media.file.name != old_name
    assert media.file.storage.exists(media.file.name)
    assert not media.file.storage.exists(old_name)
