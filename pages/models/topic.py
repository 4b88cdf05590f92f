from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from .base import RESOURCE_PAGE_MODELS
from .cacheable import CacheablePageMixin
from .sharing import SharedPageMixin


class TopicPage(CacheablePageMixin, SharedPageMixin, Page):
    """A topic within a theme; resources of every kind live under it."""

    intro = models.TextField(_("ingress"), blank=True, max_length=500)

    parent_page_types: ClassVar[list[str]] = ["pages.ThemeHubPage"]
    subpage_types: ClassVar[list[str]] = RESOURCE_PAGE_MODELS

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("ämne")
        verbose_name_plural = _("ämnen")
