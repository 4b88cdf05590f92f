from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from .base import ResourcePage, resource_edit_handler, resource_panels

LANGUAGE_CHOICES = [
    ("sv", _("Svenska")),
    ("en", _("Engelska")),
    ("other", _("Annat språk")),
]


class LinkPage(ResourcePage):
    """A pointer to material on another organisation's website."""

    kind = "link"

    external_url = models.URLField(_("länk"), max_length=500)
    publisher = models.CharField(
        _("utgivare"), max_length=200, help_text=_("T.ex. Brå, Polisen, Regeringen.")
    )
    language = models.CharField(
        _("språk"), max_length=10, choices=LANGUAGE_CHOICES, default="sv"
    )
    link_checked_at = models.DateTimeField(
        _("länken kontrollerades"), null=True, blank=True, editable=False
    )
    link_ok = models.BooleanField(_("länken fungerade"), null=True, editable=False)

    kind_panels: ClassVar[list] = [
        MultiFieldPanel(
            [
                FieldPanel("external_url"),
                FieldPanel("publisher"),
                FieldPanel("language"),
            ],
            heading=_("Extern länk"),
        )
    ]
    content_panels = resource_panels(kind_panels)
    edit_handler = resource_edit_handler(kind_panels)
    search_fields: ClassVar[list] = [
        *ResourcePage.search_fields,
        index.SearchField("publisher"),
    ]

    def search_meta_extra(self) -> list[str]:
        return [*super().search_meta_extra(), self.publisher]

    class Meta:
        verbose_name = _("länk")
        verbose_name_plural = _("länkar")
