from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail_localize.fields import SynchronizedField

from .base import TEXT_FEATURES, SiteInfoPage, tel_uri, validate_phone


class ContactPage(SiteInfoPage):
    """How to reach the organisation behind the site; the footer shows the
    e-mail address and phone number on every page."""

    intro = models.TextField(_("ingress"), blank=True, max_length=500)
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=30, validators=[validate_phone])
    postal_address = models.TextField(
        _("postadress"),
        max_length=300,
        help_text=_(
            "En uppgift per rad: mottagare, gata eller box, postnummer och ort."
        ),
    )
    visiting_address = models.TextField(_("besöksadress"), blank=True, max_length=300)
    opening_hours = models.TextField(
        _("öppettider och telefontider"), blank=True, max_length=300
    )
    body = RichTextField(_("mer information"), blank=True, features=TEXT_FEATURES)

    content_panels = [
        *SiteInfoPage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("opening_hours"),
                FieldPanel("postal_address"),
                FieldPanel("visiting_address"),
            ],
            heading=_("Kontaktuppgifter"),
        ),
        FieldPanel("body"),
    ]
    # The same number and address in every language (the e-mail address is
    # synchronised by wagtail-localize already); the rest is translated.
    override_translatable_fields: ClassVar[list] = [
        SynchronizedField("phone"),
        SynchronizedField("postal_address"),
    ]

    class Meta:
        verbose_name = _("kontaktsida")
        verbose_name_plural = _("kontaktsidor")

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone)
