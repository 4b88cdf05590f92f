from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from .cacheable import CacheablePageMixin


class HomePage(CacheablePageMixin, Page):
    """The root of one site in one locale; its children are the theme hubs."""

    intro = models.TextField(_("ingress"), blank=True, max_length=500)

    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    # The theme hubs, and the site's own accessibility statement, contact and
    # privacy pages (siteinfo/), which the footer links to.
    subpage_types: ClassVar[list[str]] = [
        "pages.ThemeHubPage",
        "siteinfo.AccessibilityStatementPage",
        "siteinfo.ContactPage",
        "siteinfo.PrivacyPage",
    ]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("startsida")
        verbose_name_plural = _("startsidor")
