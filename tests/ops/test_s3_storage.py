"""Media on an S3-compatible object store, against a real S3 server (moto's).

Editors upload through the admin as on the real site; the files land in a
bucket where images, their renditions, audio and video are public under
stable unsigned URLs (an API answer keeps them for as long as the content
does not change) and documents private: served by the CMS, which checks the
collection's privacy, never by a redirect to the bucket.
"""

import io
import os
import subprocess
import sys
from unittest import mock
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from wagtail.models import Collection, CollectionViewRestriction

import pytest
from PIL import Image

from cms.media_storage import MediaStorage
from cms.settings.base import BASE_DIR, as_bool, env
from cms.storage import (
    BUCKET,
    FILESYSTEM_STORAGE,
    S3_ONLY_VARIABLES,
    S3_STORAGE,
    SPOOL_MAX_MEMORY_SIZE,
    media_storage,
)
from media_library.models import CustomDocument, CustomImage
from tests.media_library.upload_samples import (
    docx_bytes,
    minimal_pdf,
    png_bytes,
    uploaded,
)
from tests.ops.s3_server import ACCESS_KEY, S3Server, http_get
from tests.pages.permission_cases import PermissionTestCase

PRINT_MEDIA_BACKEND = (
    "from cms.settings import dev; print(dev.STORAGES['default']['BACKEND'])"
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

server = S3Server()


def setUpModule():
    server.start()


def tearDownModule():
    server.stop()


class S3MediaTestCase(PermissionTestCase):
    """GR and its members, with media in a bucket of the class's own, set up
    from the variables an operator would set (cms/storage.py)."""

    @classmethod
    def setUpClass(cls):
        cls.bucket = server.create_bucket()
        with mock.patch.dict(os.environ, server.environment(cls.bucket)):
            default = media_storage(env, as_bool)
        cls.enterClassContext(
            override_settings(STORAGES={**settings.STORAGES, "default": default})
        )
        super().setUpClass()

    def upload_image(self, user, name: str, content: bytes) -> CustomImage:
        self.client.force_login(user)
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": name,
                "file": uploaded(name, content),
                "collection": Collection.get_first_root_node().pk,
                "tags": "",
                "alt_text": "Deltagare på en trygghetsvandring",
                "credit": "",
                "licence": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        return CustomImage.objects.latest("pk")

    def upload_document(
        self, user, name: str, content: bytes, collection=None
    ) -> CustomDocument:
        self.client.force_login(user)
        collection = collection or Collection.get_first_root_node()
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": name,
                "file": uploaded(name, content),
                "collection": collection.pk,
                "tags": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        return CustomDocument.objects.latest("pk")

    def unsigned_url(self, key: str) -> str:
        return f"{server.url}/{self.bucket}/{quote(key)}"

    def assertPrivateInBucket(self, key: str, content: bytes):
        """Stored with these bytes, and nobody without a signature reads it."""
        self.assertEqual(server.read(self.bucket, key), content)
        self.assertEqual(server.public_grants(self.bucket, key), [])
        status, body = http_get(self.unsigned_url(key))
        self.assertEqual(status, 403)
        self.assertNotEqual(body, content)


class ImagesOnS3Tests(S3MediaTestCase):
    def assertPublicInBucket(self, key: str, content: bytes):
        """Stored with these bytes, and anyone reads it by its plain URL."""
        self.assertEqual(server.read(self.bucket, key), content)
        self.assertEqual(http_get(self.unsigned_url(key)), (200, content))

    def test_image_uploaded_by_an_editor_is_stored_publicly_in_the_bucket(self):
        content = png_bytes(64, 48)

        image = self.upload_image(self.gr_editor, "vandring.png", content)

        self.assertTrue(image.file.name.startswith("original_images/"))
        self.assertPublicInBucket(image.file.name, content)

    def test_rendition_is_in_the_bucket_under_a_url_that_never_expires(self):
        image = self.upload_image(
            self.molndal_editor, "torget.png", png_bytes(200, 150)
        )

        rendition = image.get_rendition("fill-100x100")

        stored = server.read(self.bucket, rendition.file.name)
        self.assertEqual(Image.open(io.BytesIO(stored)).size, (100, 100))
        # No signature, no expiry: the URL an API answer carries keeps working.
        self.assertEqual(rendition.url, self.unsigned_url(rendition.file.name))
        self.assertEqual(http_get(rendition.url), (200, stored))
        self.assertPublicInBucket(rendition.file.name, stored)

    def test_an_upload_never_replaces_a_file_of_the_same_name(self):
        first = self.upload_image(self.gr_editor, "bild.png", png_bytes(30, 30))
        second = self.upload_image(self.ale_editor, "bild.png", png_bytes(40, 40))

        self.assertNotEqual(first.file.name, second.file.name)
        self.assertEqual(server.read(self.bucket, first.file.name), png_bytes(30, 30))
        self.assertEqual(server.read(self.bucket, second.file.name), png_bytes(40, 40))


class DocumentsOnS3Tests(S3MediaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.internal = Collection.get_first_root_node().add_child(
            name="Interna dokument"
        )
        CollectionViewRestriction.objects.create(
            collection=cls.internal,
            restriction_type=CollectionViewRestriction.LOGIN,
        )

    def download(self, client: Client, document: CustomDocument):
        return client.get(document.url)

    def test_document_is_served_by_the_cms_with_its_type_and_name(self):
        content = docx_bytes()
        document = self.upload_document(
            self.molndal_editor, "lägesrapport.docx", content
        )
        self.assertPrivateInBucket(document.file.name, content)

        response = self.download(Client(), document)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], DOCX)
        self.assertEqual(
            response["Content-Disposition"],
            "attachment; filename=l%C3%A4gesrapport.docx; "
            "filename*=UTF-8''l%C3%A4gesrapport.docx",
        )
        self.assertEqual(response["Content-Length"], str(len(content)))
        self.assertEqual(b"".join(response.streaming_content), content)

    def test_the_storage_gives_a_document_only_a_signed_expiring_url(self):
        document = self.upload_document(self.gr_editor, "plan.pdf", minimal_pdf())

        query = parse_qs(urlsplit(document.file.url).query)

        self.assertTrue(query["X-Amz-Signature"][0])
        self.assertEqual(query["X-Amz-Expires"], ["3600"])
        self.assertTrue(query["X-Amz-Credential"][0].startswith(f"{ACCESS_KEY}/"))

    def test_pdf_is_served_inline_and_never_by_a_redirect_to_the_bucket(self):
        content = minimal_pdf()
        document = self.upload_document(self.gr_editor, "lagesbild.pdf", content)

        response = self.download(Client(), document)

        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Location", response)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], "inline")
        self.assertEqual(b"".join(response.streaming_content), content)

    def test_document_in_a_login_only_collection_is_refused_to_visitors(self):
        content = minimal_pdf()
        document = self.upload_document(
            self.gr_editor, "internt.pdf", content, collection=self.internal
        )

        response = self.download(Client(), document)

        self.assertEqual(response.status_code, 302)
        login = urlsplit(response["Location"])
        self.assertEqual(login.path, reverse("wagtailcore_login"))
        self.assertEqual(parse_qs(login.query), {"next": [document.url]})
        self.assertNotIn(content, response.content)
        self.assertPrivateInBucket(document.file.name, content)

    def test_document_in_a_login_only_collection_is_served_to_a_logged_in_user(self):
        content = minimal_pdf()
        document = self.upload_document(
            self.gr_editor, "internt.pdf", content, collection=self.internal
        )
        reader = Client()
        # A reviewer has no rights over documents: being logged in is enough.
        reader.force_login(self.reviewer)

        response = self.download(reader, document)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), content)

    def test_the_bucket_check_would_catch_a_public_object(self):
        """assertPrivateInBucket can fail: the server does give an object
        with a public-read ACL to anyone, so its 403 above means private."""
        content = minimal_pdf()
        document = self.upload_document(self.gr_editor, "offentlig.pdf", content)
        server.client().put_object_acl(
            Bucket=self.bucket, Key=document.file.name, ACL="public-read"
        )

        self.assertEqual(
            http_get(self.unsigned_url(document.file.name)), (200, content)
        )
        with self.assertRaises(AssertionError):
            self.assertPrivateInBucket(document.file.name, content)


# --- The settings: cms/storage.py ------------------------------------------


@pytest.fixture
def environ(monkeypatch):
    """No storage variable from the developer's own environment."""
    for name in (BUCKET, *S3_ONLY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_a_bucket_media_stays_on_local_disk(environ):
    assert media_storage(env, as_bool) == {"BACKEND": FILESYSTEM_STORAGE}


def test_a_bucket_selects_s3_storage_with_private_documents(environ):
    for name, value in {
        "AWS_STORAGE_BUCKET_NAME": "trygghet-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.se",
        "AWS_S3_REGION_NAME": "sto1",
        "AWS_S3_ACCESS_KEY_ID": "key",
        "AWS_S3_SECRET_ACCESS_KEY": "secret",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_S3_CUSTOM_DOMAIN": "media.trygghet.example.se",
        "AWS_QUERYSTRING_EXPIRE": "600",
    }.items():
        environ.setenv(name, value)

    assert media_storage(env, as_bool) == {
        "BACKEND": S3_STORAGE,
        "OPTIONS": {
            "bucket_name": "trygghet-media",
            "endpoint_url": "https://s3.example.se",
            "region_name": "sto1",
            "access_key": "key",
            "secret_key": "secret",
            "addressing_style": "path",
            "custom_domain": "media.trygghet.example.se",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 600,
            "file_overwrite": False,
            "max_memory_size": SPOOL_MAX_MEMORY_SIZE,
            "public_acl": True,
        },
    }


def test_on_aws_the_bucket_alone_is_enough(environ):
    """Region, endpoint and credentials then come from boto3 (e.g. an
    instance role), never written into the settings."""
    environ.setenv("AWS_STORAGE_BUCKET_NAME", "trygghet-media")

    options = media_storage(env, as_bool)["OPTIONS"]

    assert options["bucket_name"] == "trygghet-media"
    assert not {"endpoint_url", "access_key", "secret_key"} & set(options)
    assert options["querystring_auth"] is True
    assert options["default_acl"] is None


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"AWS_S3_ENDPOINT_URL": "https://s3.example.se"}, BUCKET),
        (
            {BUCKET: "media", "AWS_S3_ACCESS_KEY_ID": "key"},
            "AWS_S3_SECRET_ACCESS_KEY",
        ),
        ({BUCKET: "media", "AWS_S3_ADDRESSING_STYLE": "dns"}, "path"),
        ({BUCKET: "media", "AWS_QUERYSTRING_EXPIRE": "en timme"}, "EXPIRE"),
        ({BUCKET: "media", "AWS_QUERYSTRING_EXPIRE": "2592000"}, "604800"),
    ],
)
def test_an_incomplete_or_wrong_configuration_stops_the_start(
    environ, variables, message
):
    for name, value in variables.items():
        environ.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage(env, as_bool)


@pytest.mark.parametrize(
    ("variables", "backend"),
    [({}, FILESYSTEM_STORAGE), ({BUCKET: "trygghet-media"}, S3_STORAGE)],
)
def test_the_settings_take_their_media_storage_from_the_environment(variables, backend):
    """`make run` needs no variable; the bucket alone switches to S3."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in (BUCKET, *S3_ONLY_VARIABLES)
    }
    result = subprocess.run(
        [sys.executable, "-c", PRINT_MEDIA_BACKEND],
        cwd=BASE_DIR,
        env={**environment, **variables},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == backend


def test_public_material_gets_a_public_acl_unless_the_bucket_refuses_acls(environ):
    environ.setenv(BUCKET, "trygghet-media")
    environ.setenv("AWS_PUBLIC_MEDIA_ACL", "false")
    assert media_storage(env, as_bool)["OPTIONS"]["public_acl"] is False

    with_acl = MediaStorage(bucket_name="trygghet-media", public_acl=True)
    without = MediaStorage(bucket_name="trygghet-media", public_acl=False)
    for name in (
        "original_images/a.png",
        "images/a.fill-10x10.png",
        "media/2026/12/a.mp4",
    ):
        assert with_acl.get_object_parameters(name)["ACL"] == "public-read"
        assert "ACL" not in without.get_object_parameters(name)
    assert "ACL" not in with_acl.get_object_parameters("documents/rapport.pdf")
