"""Podcast series (a translatable snippet) and their episodes."""

from typing import ClassVar

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from media_library.widgets import MediaFileChooser

from .base import ResourcePage, resource_edit_handler, resource_panels
from .recording import RecordingMixin

MISSING_AUDIO_MESSAGE = _("Välj en ljudfil eller ange en länk till ljudet.")
BOTH_AUDIO_MESSAGE = _("Välj antingen en ljudfil eller en extern länk, inte båda.")

# Apple Podcasts' artwork: square, 1400 to 3000 pixels a side. The feed
# offers a square rendition of this size; Wagtail never enlarges an image.
COVER_SIZE = 1400
SMALL_COVER_MESSAGE = _(
    "Omslagsbilden är för liten: %(width)s × %(height)s pixlar. Poddappar "
    "kräver minst %(size)s × %(size)s pixlar. Välj en större bild."
)


def fits_podcast_apps(image) -> bool:
    """`image` gives a square cover of COVER_SIZE pixels without enlarging."""
    return min(image.width, image.height) >= COVER_SIZE


class PodcastSeriesForm(WagtailAdminModelForm):
    """What podcast apps require of a series before it is saved from the admin.

    The owner's email address is required here, not in the database: a
    series saved before the field existed keeps working, and its feed leaves
    the owner out (pages/feeds.py) until an editor adds it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "owner_email" in self.fields:
            self.fields["owner_email"].required = True

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image is not None and not fits_podcast_apps(image):
            raise forms.ValidationError(
                SMALL_COVER_MESSAGE,
                code="cover_too_small",
                params={
                    "width": image.width,
                    "height": image.height,
                    "size": COVER_SIZE,
                },
            )
        return image


class PodcastSeries(TranslatableMixin, models.Model):
    """A podcast; its feed lists its published episodes."""

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=100)
    description = models.TextField(_("beskrivning"), blank=True)
    author = models.CharField(_("avsändare"), max_length=200, blank=True)
    owner_name = models.CharField(
        _("ägare"),
        max_length=200,
        blank=True,
        help_text=_(
            "Den som äger podden, för poddkatalogerna (t.ex. Apple Podcasts). "
            "Lämnas fältet tomt används avsändaren."
        ),
    )
    owner_email = models.EmailField(
        _("ägarens e-postadress"),
        blank=True,
        help_text=_(
            "Poddkatalogerna skickar hit när de kontrollerar vem som äger "
            "podden. Adressen står i poddflödet och syns för alla."
        ),
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("omslagsbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Minst 1400 × 1400 pixlar, helst kvadratisk: poddflödet visar en "
            "kvadrat ur mitten av bilden. Utan omslagsbild visar flödet en "
            "allmän bild."
        ),
    )
    explicit = models.BooleanField(_("explicit innehåll"), default=False)

    panels: ClassVar[list] = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("author"),
        FieldPanel("owner_name"),
        FieldPanel("owner_email"),
        FieldPanel("image"),
        FieldPanel("explicit"),
    ]
    translatable_fields: ClassVar[list] = [
        TranslatableField("title"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("author"),
        SynchronizedField("owner_name"),
        SynchronizedField("owner_email"),
        SynchronizedField("image"),
        SynchronizedField("explicit"),
    ]
    base_form_class = PodcastSeriesForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("poddserie")
        verbose_name_plural = _("poddserier")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_series_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PodcastEpisodePage(RecordingMixin, ResourcePage):
    """One podcast episode: audio with a transcript."""

    kind = "podcast"
    media_field = "audio"

    audio = models.ForeignKey(
        "media_library.MediaFile",
        verbose_name=_("ljudfil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"media_type": "audio"},
    )
    external_audio_url = models.URLField(_("extern ljudlänk"), blank=True)
    series = models.ForeignKey(
        PodcastSeries,
        verbose_name=_("poddserie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="episodes",
    )
    episode_number = models.PositiveIntegerField(_("avsnitt nr"), null=True, blank=True)
    explicit = models.BooleanField(_("explicit innehåll"), default=False)

    kind_panels: ClassVar[list] = [
        MultiFieldPanel(
            [
                FieldPanel("series"),
                FieldPanel("episode_number"),
                FieldPanel("audio", widget=MediaFileChooser(media_type="audio")),
                FieldPanel("external_audio_url"),
                FieldPanel("duration_seconds"),
                FieldPanel("explicit"),
            ],
            heading=_("Poddavsnitt"),
        ),
        FieldPanel("transcript"),
    ]
    content_panels = resource_panels(kind_panels)
    edit_handler = resource_edit_handler(kind_panels)
    search_fields: ClassVar[list] = [
        *ResourcePage.search_fields,
        index.SearchField("transcript"),
    ]

    def search_meta_extra(self) -> list[str]:
        series = [self.series.title] if self.series is not None else []
        return [*super().search_meta_extra(), *series]

    class Meta:
        verbose_name = _("poddavsnitt")
        verbose_name_plural = _("poddavsnitt")

    def publish_errors(self, role_count: int | None = None) -> dict[str, list[str]]:
        errors = super().publish_errors(role_count=role_count)
        if self.audio_id and self.external_audio_url:
            errors.setdefault("external_audio_url", []).append(str(BOTH_AUDIO_MESSAGE))
        elif not self.audio_id and not self.external_audio_url:
            errors.setdefault("audio", []).append(str(MISSING_AUDIO_MESSAGE))
        return errors
