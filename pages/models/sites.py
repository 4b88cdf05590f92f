from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteProfile(BaseSiteSetting):
    """Which organisation a Wagtail Site belongs to: its stable slug and hub flag.

    The API's `site=` parameter and sharing between sites identify sites by
    this slug; pages belong to the site whose root they are under.
    """

    slug = models.SlugField(  # noqa: DJ001 - see null=True below
        _("kortnamn"),
        max_length=50,
        # Null, not "", for profiles Wagtail creates on demand (for_site).
        null=True,
        unique=True,
        help_text=_("Stabil identifierare i API:t, t.ex. gr eller molndal."),
    )
    is_hub = models.BooleanField(
        _("navet (GR)"),
        default=False,
        help_text=_("Navet publicerar gemensamt material som delas med medlemmarna."),
    )
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logotyp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("slug"), FieldPanel("is_hub"), FieldPanel("logo")]

    class Meta:
        verbose_name = _("webbplatsprofil")
        verbose_name_plural = _("webbplatsprofiler")

    def __str__(self) -> str:
        return self.slug
