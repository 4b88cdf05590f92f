"""The multiple uploader: the file is checked at once, alt text in the edit step."""

from django.urls import reverse

from wagtail.models import Collection, UploadedFile

import pytest
from upload_samples import png_bytes, truncated_png, uploaded

from media_library.models import CustomImage

pytestmark = pytest.mark.django_db


def upload(client, file):
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": file, "collection": Collection.get_first_root_node().pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def finish(client, upload_id, **fields):
    prefix = f"uploaded-image-{upload_id}"
    data = {
        f"{prefix}-title": "Grannsamverkan",
        f"{prefix}-collection": Collection.get_first_root_node().pk,
        f"{prefix}-tags": "",
        f"{prefix}-alt_text": "",
        f"{prefix}-credit": "",
        f"{prefix}-licence": "",
    }
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        data,
    )


def test_first_step_accepts_the_file_and_asks_for_alt_text(admin_client):
    response = upload(admin_client, uploaded("grannar.png", png_bytes()))

    assert response.status_code == 200
    data = response.json()
    assert data["success"] is True
    # The image waits as an upload until the editor has given its alt text.
    assert UploadedFile.objects.filter(pk=data["uploaded_file_id"]).exists()
    alt_text_input = f'name="uploaded-image-{data["uploaded_file_id"]}-alt_text"'
    assert alt_text_input in data["form"]
    assert not CustomImage.objects.exists()


def test_first_step_rejects_a_truncated_png_without_error_page(admin_client):
    response = upload(admin_client, uploaded("trasig.png", truncated_png()))

    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert "Bildfilen är skadad eller ofullständig" in data["error_message"]
    assert not UploadedFile.objects.exists()
    assert not CustomImage.objects.exists()


def test_edit_step_requires_alt_text(admin_client):
    upload_id = upload(admin_client, uploaded("grannar.png", png_bytes())).json()[
        "uploaded_file_id"
    ]

    response = finish(admin_client, upload_id)

    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert "Skriv en alternativtext" in data["form"]
    assert not CustomImage.objects.exists()


def test_edit_step_with_alt_text_creates_the_image(admin_client):
    upload_id = upload(admin_client, uploaded("grannar.png", png_bytes())).json()[
        "uploaded_file_id"
    ]

    response = finish(admin_client, upload_id, alt_text="Grannar samtalar på gården.")

    assert response.json()["success"] is True
    image = CustomImage.objects.get()
    assert image.alt_text == "Grannar samtalar på gården."
    assert image.file_hash
    assert (image.width, image.height) == (64, 48)
    assert not UploadedFile.objects.exists()


def test_edit_step_accepts_a_decorative_image_without_alt_text(admin_client):
    upload_id = upload(admin_client, uploaded("monster.png", png_bytes())).json()[
        "uploaded_file_id"
    ]

    response = finish(admin_client, upload_id, is_decorative="on")

    assert response.json()["success"] is True
    assert CustomImage.objects.get().is_decorative
