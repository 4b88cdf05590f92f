"""Image uploads through the Wagtail admin: bad files become Swedish form errors."""

from django.urls import reverse

from wagtail.models import Collection

import pytest
from upload_samples import (
    jpeg_bytes,
    png_bytes,
    png_header_only,
    truncated_png,
    uploaded,
)

from media_library.models import CustomImage

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
