"""The accessibility statement that lag (2018:1937) om tillgänglighet till
digital offentlig service asks of every public-sector site.

Editors fill in the facts; the template (templates/siteinfo/
accessibility_statement_page.html) gives them DIGG's headings, in DIGG's
order, and the sentences the law's wording requires, such as the compliance
status ("helt, delvis eller inte förenlig").
"""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail_localize.fields import SynchronizedField

from .base import TEXT_FEATURES, SiteInfoPage, tel_uri, validate_phone

# Where the public reports a site to DIGG, the supervising authority.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


class Compliance(models.TextChoices):
    FULL = "full", _("helt förenlig")
    PARTIAL = "partial", _("delvis förenlig")
    NONE = "none", _("inte förenlig")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("självskattning (intern testning)")
    EXTERNAL = "external", _("granskning av extern part")


def _has_text(html: str) -> bool:
    return bool(strip_tags(html or "").strip())


class AccessibilityStatementPage(SiteInfoPage):
    """Tillgänglighetsredogörelse: how accessible the site is, what to do
    when it is not, and how that was assessed."""

    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        help_text=_("Den offentliga aktör som står bakom webbplatsen."),
    )
    website_name = models.CharField(
        _("webbplatsens namn"),
        max_length=150,
        help_text=_("Namnet på den digitala service som redogörelsen gäller."),
    )
    accessibility_summary = RichTextField(
        _("hur tillgänglig är webbplatsen?"),
        features=TEXT_FEATURES,
        help_text=_(
            "Beskriv med enkla ord vad som fungerar och vad som inte fungerar, "
            "och för vem."
        ),
    )
    alternatives = RichTextField(
        _("andra sätt att ta del av innehållet"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("T.ex. att ni kan skicka en utskrift eller läsa upp ett dokument."),
    )
    contact_email = models.EmailField(_("e-post för synpunkter på tillgängligheten"))
    contact_phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[validate_phone]
    )
    feedback_url = models.URLField(_("formulär för synpunkter"), blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("svarstid i arbetsdagar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    compliance = models.CharField(
        _("förenlighet med lagkraven"),
        max_length=10,
        choices=Compliance.choices,
        help_text=_(
            "Helt förenlig bara om webbplatsen uppfyller alla krav i "
            "EN 301 549 (WCAG 2.1 nivå AA)."
        ),
    )
    non_compliance = RichTextField(
        _("bristande förenlighet med lagkraven"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_(
            "Varje brist: vad det gäller, vilket krav som inte uppfylls och när "
            "den ska vara åtgärdad."
        ),
    )
    disproportionate_burden = RichTextField(
        _("oskäligt betungande anpassning"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Innehåll som undantas enligt 12 §, och varför."),
    )
    outside_scope = RichTextField(
        _("innehåll som inte omfattas av lagstiftningen"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Innehåll som lagen inte gäller enligt 9 §."),
    )
    assessment_method = models.CharField(
        _("bedömningsmetod"), max_length=10, choices=AssessmentMethod.choices
    )
    assessment_details = RichTextField(
        _("hur vi testat webbplatsen"), features=TEXT_FEATURES
    )
    assessed_on = models.DateField(_("senaste bedömningen gjordes"))
    published_on = models.DateField(
        _("webbplatsen publicerades"), null=True, blank=True
    )
    statement_updated_on = models.DateField(_("redogörelsen uppdaterades senast"))

    content_panels = [
        *SiteInfoPage.content_panels,
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("website_name")]),
        FieldPanel("accessibility_summary"),
        MultiFieldPanel(
            [
                FieldPanel("alternatives"),
                FieldRowPanel(
                    [FieldPanel("contact_email"), FieldPanel("contact_phone")]
                ),
                FieldPanel("feedback_url"),
                FieldPanel("response_days"),
            ],
            heading=_("Om du inte kan använda delar av webbplatsen"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("compliance"),
                FieldPanel("non_compliance"),
                FieldPanel("disproportionate_burden"),
                FieldPanel("outside_scope"),
            ],
            heading=_("Teknisk information och innehåll som inte är tillgängligt"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("assessment_method"),
                FieldPanel("assessment_details"),
                FieldRowPanel(
                    [
                        FieldPanel("assessed_on"),
                        FieldPanel("published_on"),
                        FieldPanel("statement_updated_on"),
                    ]
                ),
            ],
            heading=_("Hur vi testat webbplatsen"),
        ),
    ]
    override_translatable_fields: ClassVar[list] = [SynchronizedField("contact_phone")]

    class Meta:
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelser")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        has_gaps = _has_text(self.non_compliance) or _has_text(
            self.disproportionate_burden
        )
        if self.compliance == Compliance.FULL and _has_text(self.non_compliance):
            errors["compliance"] = _(
                "En webbplats med brister mot lagkraven är inte helt förenlig. "
                "Välj delvis förenlig eller ta bort bristerna."
            )
        elif self.compliance in (Compliance.PARTIAL, Compliance.NONE) and not has_gaps:
            errors["non_compliance"] = _(
                "Beskriv bristerna: redogörelsen ska säga vilket innehåll som inte "
                "är tillgängligt och varför."
            )
        today = timezone.localdate()
        for name in ("assessed_on", "published_on", "statement_updated_on"):
            value = getattr(self, name)
            if value is not None and value > today:
                errors[name] = _("Datumet kan inte ligga i framtiden.")
        if (
            self.assessed_on
            and self.statement_updated_on
            and self.statement_updated_on < self.assessed_on
            and "statement_updated_on" not in errors
        ):
            errors["statement_updated_on"] = _(
                "Redogörelsen kan inte ha uppdaterats före den senaste bedömningen."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | {"digg_report_url": DIGG_REPORT_URL}

    @property
    def has_inaccessible_content(self) -> bool:
        return any(
            _has_text(value)
            for value in (
                self.non_compliance,
                self.disproportionate_burden,
                self.outside_scope,
            )
        )

    @property
    def contact_phone_uri(self) -> str:
        return tel_uri(self.contact_phone)
