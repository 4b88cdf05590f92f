"""Image uploads through the Wagtail admin: bad files become Swedish form errors."""

from unittest import mock

from django.conf import settings
from django.urls import reverse

from wagtail.models import Collection

import pytest
from PIL.GifImagePlugin import GifImageFile
from upload_samples import (
    jpeg_bytes,
    many_frames_gif,
    png_bytes,
    png_header_only,
    truncated_png,
    uploaded,
)

from media_library.models import CustomImage
from pages.permissions import GR_EDITORS, ensure_groups
from tests.pages.permission_cases import user_in

pytestmark = pytest.mark.django_db

ALT_TEXT_MESSAGE = "Skriv en alternativtext"
CORRUPT_MESSAGE = "Bildfilen är skadad eller ofullständig"


def post_image(client, file, **fields):
    data = {
        "title": "Trygghetsvandring",
        "file": file,
        "collection": Collection.get_first_root_node().pk,
        "tags": "",
        "alt_text": "",
        "credit": "",
        "licence": "",
        **fields,
    }
    return client.post(reverse("wagtailimages:add"), data)


def file_errors(response) -> list:
    return response.context["form"].errors.as_data().get("file", [])


def test_text_file_renamed_jpg_is_rejected_without_error_page(admin_client):
    response = post_image(
        admin_client,
        uploaded("bild.jpg", "Det här är ingen bild.\n".encode() * 20),
        alt_text="Text",
    )

    assert response.status_code == 200
    assert [error.code for error in file_errors(response)] == ["invalid_image"]
    assert not CustomImage.objects.exists()


def test_truncated_png_is_rejected_without_error_page(admin_client):
    response = post_image(
        admin_client, uploaded("trasig.png", truncated_png()), alt_text="Text"
    )

    assert response.status_code == 200
    assert CORRUPT_MESSAGE in response.content.decode()
    assert [error.code for error in file_errors(response)] == ["corrupt_image"]
    assert not CustomImage.objects.exists()


@pytest.mark.parametrize(
    ("width", "height"),
    [
        # Beyond Pillow's own bomb limit: refused as soon as it is opened.
        (30000, 30000),
        # 49 Mpx: under Pillow's limit, over WAGTAILIMAGES_MAX_IMAGE_PIXELS.
        (7000, 7000),
    ],
)
def test_png_claiming_too_many_pixels_is_rejected_with_pixel_count_message(
    admin_client, width, height
):
    response = post_image(
        admin_client,
        uploaded("enorm.png", png_header_only(width, height)),
        alt_text="Text",
    )

    assert response.status_code == 200
    errors = file_errors(response)
    assert [error.code for error in errors] == ["file_too_many_pixels"]
    assert "40000000" in errors[0].message
    assert not CustomImage.objects.exists()


def test_zero_byte_image_is_rejected_without_error_page(admin_client):
    response = post_image(admin_client, uploaded("tom.png", b""), alt_text="Text")

    assert response.status_code == 200
    assert [error.code for error in file_errors(response)] == ["empty"]
    assert not CustomImage.objects.exists()


def test_image_without_alt_text_that_is_not_decorative_is_rejected(admin_client):
    response = post_image(admin_client, uploaded("bild.png", png_bytes()))

    assert response.status_code == 200
    form_errors = response.context["form"].errors
    assert ALT_TEXT_MESSAGE in form_errors["alt_text"][0]
    assert ALT_TEXT_MESSAGE in response.content.decode()
    assert not CustomImage.objects.exists()


def test_whitespace_alt_text_counts_as_missing(admin_client):
    response = post_image(
        admin_client, uploaded("bild.png", png_bytes()), alt_text="  "
    )

    assert response.status_code == 200
    assert "alt_text" in response.context["form"].errors
    assert not CustomImage.objects.exists()


def test_decorative_image_without_alt_text_is_accepted(admin_client):
    response = post_image(
        admin_client, uploaded("monster.png", png_bytes()), is_decorative="on"
    )

    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert image.is_decorative
    assert image.alt_text == ""
    assert image.default_alt_text == ""
    assert not image.missing_alt_text


def test_valid_image_with_alt_text_is_accepted(admin_client):
    response = post_image(
        admin_client,
        uploaded("vandring.jpg", jpeg_bytes()),
        alt_text="Fem personer går en trygghetsvandring i ett bostadsområde.",
        credit="Anna Andersson",
        licence="cc-by-4.0",
    )

    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert image.alt_text.startswith("Fem personer")
    assert image.default_alt_text == image.alt_text
    assert image.credit == "Anna Andersson"
    assert image.licence == "cc-by-4.0"
    assert (image.width, image.height) == (64, 48)
    assert image.file_size > 0


def test_add_form_has_no_wagtail_description_field(admin_client):
    response = admin_client.get(reverse("wagtailimages:add"))

    fields = response.context["form"].fields
    assert "description" not in fields
    assert {"alt_text", "is_decorative", "credit", "licence"} <= set(fields)


def counting_seeks(counter: list[int]):
    """GifImageFile._seek, counting the frames Pillow's reader moves to."""
    seek = GifImageFile._seek

    def counted(image, *args, **kwargs):
        counter[0] += 1
        return seek(image, *args, **kwargs)

    return counted


def test_gif_of_400000_frames_is_refused_before_its_frames_are_read(client):
    """A 9 MB GIF of 400,000 1×1 frames passes the pixel limit; reading every
    frame took ~20 s of a web worker. It is refused after reading one frame
    more than the limit allows."""
    ensure_groups()
    client.force_login(user_in("gr-redaktor", GR_EDITORS))
    seeks = [0]
    with mock.patch.object(GifImageFile, "_seek", counting_seeks(seeks)):
        response = post_image(
            client, uploaded("animation.gif", many_frames_gif(400_000)), alt_text="A"
        )

    assert response.status_code == 200
    errors = file_errors(response)
    assert [error.code for error in errors] == ["too_many_frames"]
    assert "fler än 300 bildrutor" in errors[0].message
    # One past the limit, and Pillow's own look at frame 1 and back to 0.
    assert seeks[0] <= settings.MEDIA_LIBRARY_MAX_IMAGE_FRAMES + 3
    assert not CustomImage.objects.exists()


def test_short_animation_is_accepted(client):
    ensure_groups()
    client.force_login(user_in("gr-redaktor", GR_EDITORS))
    response = post_image(
        client, uploaded("animation.gif", many_frames_gif(300)), alt_text="Blinkar"
    )

    assert response.status_code == 302, file_errors(response)
    assert CustomImage.objects.get().file.name.endswith(".gif")
