"""What the three site information pages share: where they live, and phone numbers."""

import re
from typing import ClassVar

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from pages.models.cacheable import CacheablePageMixin

# The rich text of these pages sits under headings the page itself renders
# (DIGG's, for the accessibility statement): no headings inside it.
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]

validate_phone = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,28}[0-9]$",
    _(
        "Skriv ett telefonnummer med siffror, t.ex. 031-123 45 67 eller "
        "+46 31 123 45 67."
    ),
)


def tel_uri(phone: str) -> str:
    """A `tel:` address for a phone number as people write it."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


class SiteInfoPage(CacheablePageMixin, Page):
    """A page about the site itself, right under the site's home page.

    One of each kind per home page (and so per site and language): the
    footer finds them by their type. They have no children, are not
    resources (neither the API nor search lists them) and are not shared
    from GR: every site says who stands behind it.
    """

    parent_page_types: ClassVar[list[str]] = ["pages.HomePage"]
    subpage_types: ClassVar[list[str]] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True
