"""An imported image's proposed alt text: reviewed by an editor before any
page that shows it can be published."""

from django.urls import reverse

import pytest

from pages.models import ArticlePage
from tests.factories import build_site, make_image, make_resource

pytestmark = pytest.mark.django_db


def proposed_image():
    image = make_image(alt_text="En upplyst gångväg")
    image.alt_text_reviewed = False
    image.save()
    return image


def test_an_unreviewed_listing_image_stops_publishing():
    _home, _theme, topic = build_site()
    image = proposed_image()
    page = make_resource(ArticlePage, topic, publish=False, listing_image=image)
    assert image.missing_alt_text
    assert "granskat" in page.publish_errors()["listing_image"][0]
    image.alt_text_reviewed = True
    image.save()
    page.listing_image.refresh_from_db()
    assert page.publish_errors() == {}


def test_the_editor_confirms_the_alt_text_in_the_image_form(admin_client):
    image = proposed_image()
    url = reverse("wagtailimages:edit", args=[image.pk])
    form = admin_client.get(url).content.decode()
    assert "Alternativtexten är granskad" in form
    response = admin_client.post(
        url,
        {
            "title": image.title,
            "alt_text": "En upplyst gångväg mellan två hus",
            "alt_text_reviewed": "on",
            "collection": image.collection_id,
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.alt_text_reviewed and not image.missing_alt_text
    # Reviewed, or uploaded by an editor: nothing left to confirm.
    assert "Alternativtexten är granskad" not in admin_client.get(url).content.decode()
