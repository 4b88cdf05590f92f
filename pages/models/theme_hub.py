from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from .cacheable import CacheablePageMixin


class ThemeHubPage(CacheablePageMixin, Page):
    """One of the three themes; its slug is the theme's identifier in the API."""

    intro = models.TextField(_("ingress"), blank=True, max_length=500)

    parent_page_types: ClassVar[list[str]] = ["pages.HomePage"]
    subpage_types: ClassVar[list[str]] = ["pages.TopicPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("teman")
