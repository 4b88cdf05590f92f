from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import TEXT_FEATURES, SiteInfoPage


class PrivacyPage(SiteInfoPage):
    """Kakor och personuppgifter: the cookies the site sets and the personal
    data the organisation handles.

    The cookie table is not an editor's text: the template builds it from
    the code that sets the cookies (siteinfo/cookies.py), so it cannot
    drift from what the site really does. Editors write the rest.
    """

    intro = models.TextField(_("ingress"), blank=True, max_length=500)
    data_controller = RichTextField(
        _("personuppgiftsansvarig"),
        features=TEXT_FEATURES,
        help_text=_("Vem som är personuppgiftsansvarig och hur ni nås."),
    )
    personal_data = RichTextField(
        _("personuppgifter som behandlas"),
        features=TEXT_FEATURES,
        help_text=_(
            "Vilka personuppgifter som behandlas när någon använder webbplatsen "
            "eller kontaktar er, varför, med vilket stöd och hur länge."
        ),
    )
    rights = RichTextField(
        _("dina rättigheter"),
        features=TEXT_FEATURES,
        help_text=_(
            "Rättigheterna enligt dataskyddsförordningen och hur man använder dem."
        ),
    )
    contact = RichTextField(
        _("kontakt i dataskyddsfrågor"),
        features=TEXT_FEATURES,
        help_text=_("Dataskyddsombudet, och att man kan klaga hos IMY."),
    )

    content_panels = [
        *SiteInfoPage.content_panels,
        FieldPanel("intro"),
        FieldPanel("data_controller"),
        FieldPanel("personal_data"),
        FieldPanel("rights"),
        FieldPanel("contact"),
    ]

    class Meta:
        verbose_name = _("kakor och personuppgifter")
        verbose_name_plural = _("kakor och personuppgifter")
