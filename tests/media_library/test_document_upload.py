"""Document uploads: the bytes must match the extension."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import Collection

import pytest
from upload_samples import docx_bytes, minimal_pdf, odt_bytes, uploaded, zip_bytes

from media_library.models import CustomDocument
from media_library.validators import validate_document_content


def post_document(client, file):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Lägesbild",
            "file": file,
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


@pytest.mark.django_db
def test_pdf_that_is_not_a_pdf_is_rejected_without_error_page(admin_client):
    response = post_document(
        admin_client, uploaded("lagesbild.pdf", b"<html>not a pdf</html>")
    )

    assert response.status_code == 200
    assert "Filen är inte en giltig PDF" in response.content.decode()
    assert not CustomDocument.objects.exists()


@pytest.mark.django_db
def test_real_minimal_pdf_is_accepted(admin_client):
    response = post_document(admin_client, uploaded("lagesbild.pdf", minimal_pdf()))

    assert response.status_code == 302
    document = CustomDocument.objects.get()
    assert document.file_size == len(minimal_pdf())
    assert document.file_hash


@pytest.mark.django_db
def test_zero_byte_document_is_rejected_without_error_page(admin_client):
    response = post_document(admin_client, uploaded("tom.pdf", b""))

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "empty"
    assert not CustomDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.docx", docx_bytes()),
        ("rapport.odt", odt_bytes()),
        ("data.csv", "kommun;antal\nKungälv;12\n".encode()),
        ("readme.txt", "\ufeffTrygghet i Göteborgsregionen\n".encode()),
    ],
)
def test_document_whose_content_matches_its_extension_passes(name, content):
    validate_document_content(uploaded(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("rapport.docx", b"plain text", "invalid_office_document"),
        # An OpenDocument text renamed to a spreadsheet.
        ("rapport.ods", odt_bytes(), "invalid_office_document"),
        # A zip that is not an Office document at all.
        ("rapport.xlsx", zip_bytes({"a.txt": b"a"}), "invalid_office_document"),
        ("rapport.docx", docx_bytes()[:40], "invalid_office_document"),
        ("data.csv", "kommun;antal\nMölndal;3\n".encode("latin-1"), "not_utf8"),
        ("rapport.pdf", b" %PDF-1.4", "invalid_pdf"),
    ],
)
def test_document_whose_content_does_not_match_is_refused(name, content, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_document_content(uploaded(name, content))

    assert excinfo.value.code == code
