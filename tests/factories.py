"""Plain helpers that build test content (no fixtures with fixed primary keys)."""

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.http import QueryDict
from django.urls import reverse

from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import querydict_from_html

from PIL import Image

from media_library.models import CustomImage, MediaCaption, MediaFile
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import (
    HomePage,
    ResourcePageRole,
    Role,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
)
from pages.permissions import (
    GR_COLLECTION_PERMISSIONS,
    GR_MODEL_PERMISSIONS,
    MEMBER_PAGE_PERMISSIONS,
    grant_group,
)

VALID_VTT = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nHej och välkommen.\n"


def build_site(slug: str = "gr", hostname: str = "localhost", is_hub: bool = True):
    """A site with a home page, one theme hub and one topic; returns the three pages."""
    remove_wagtail_welcome_page()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=f"Hem {slug}", slug=slug))
    site = Site.objects.create(
        hostname=hostname,
        port=80,
        root_page=home,
        site_name=slug,
        is_default_site=is_hub,
    )
    SiteProfile.objects.create(site=site, slug=slug, is_hub=is_hub)
    theme = home.add_child(
        instance=ThemeHubPage(title="Motverka brott", slug="motverka-brott")
    )
    topic = theme.add_child(
        instance=TopicPage(title="Otillåten påverkan", slug="otillaten-paverkan")
    )
    for page in (home, theme, topic):
        page.save_revision().publish()
    return home, theme, topic


def swedish_role(slug: str = "socialtjanst") -> Role:
    return Role.objects.get(slug=slug, locale=Locale.objects.get(language_code="sv"))


def make_resource(
    model, parent: Page, publish: bool = True, roles=("socialtjanst",), **fields: Any
):
    """A resource page under `parent` with sensible defaults for required fields."""
    defaults = {
        "title": f"Test {model.__name__}",
        "summary": "En kort sammanfattning av materialet.",
        "content_owner": "Göteborgsregionen",
    }
    page = model(**(defaults | {"live": publish} | fields))
    page.role_links = [ResourcePageRole(role=swedish_role(slug)) for slug in roles]
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def png_bytes(size=(64, 48), colour=(0, 82, 138)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(
    alt_text: str = "Två personer i samtal", decorative: bool = False
) -> CustomImage:
    image = CustomImage(
        title="Testbild",
        file=ImageFile(io.BytesIO(png_bytes()), name="test.png"),
        alt_text=alt_text,
        is_decorative=decorative,
    )
    image.save()
    return image


def make_media(
    media_type: str = "video", captions: bool = True, transcript: str = ""
) -> MediaFile:
    media = MediaFile(
        title=f"Test {media_type}",
        media_type=media_type,
        mime_type="video/mp4" if media_type == "video" else "audio/mpeg",
        duration_seconds=60,
        transcript=transcript,
    )
    media.file.save(
        f"test.{'mp4' if media_type == 'video' else 'mp3'}",
        ContentFile(b"\0" * 16),
        save=False,
    )
    if captions:
        caption = MediaCaption(language="sv")
        caption.file.save("test.vtt", ContentFile(VALID_VTT.encode()), save=False)
        media.captions = [caption]
    media.save()
    return media


def make_editor(username: str = "redaktor"):
    """A non-superuser who may add, edit and publish pages anywhere in the
    tree and use the media library: what Wagtail's stock "Moderators" group
    gave, before pages/migrations/0007 removed it."""
    group = grant_group(
        "Testredaktörer",
        GR_MODEL_PERMISSIONS,
        GR_COLLECTION_PERMISSIONS,
        [Page.get_first_root_node()],
        MEMBER_PAGE_PERMISSIONS,
    )
    user = get_user_model().objects.create_user(username=username, password="x")
    user.groups.add(group)
    return user


def edit_form_data(client, page: Page) -> QueryDict:
    """The page's admin edit form as the editor's browser would submit it.

    Stream fields are built by JavaScript in the browser, so they are sent as
    empty streams here; test pages must have empty stream fields.
    """
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    specific = page.specific
    for field in specific._meta.get_fields():
        if isinstance(field, StreamField):
            assert not getattr(specific, field.name), f"{field.name} must be empty"
            data[f"{field.name}-count"] = "0"
    return data


def form_errors(response) -> dict:
    """The admin form's errors (fields and formsets), for assertion messages."""
    form = response.context.get("form") if response.context else None
    if form is None:
        return {"status": response.status_code, "location": response.get("Location")}
    errors = dict(form.errors)
    for name, formset in form.formsets.items():
        if formset.errors or formset.non_form_errors():
            errors[name] = [formset.errors, formset.non_form_errors()]
    return errors
