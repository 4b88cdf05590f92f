"""Fields and rules shared by recorded media: videos, webinars, podcast episodes."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

MISSING_TRANSCRIPT_MESSAGE = _(
    "Transkribering saknas. Skriv eller klistra in en transkribering innan du "
    "publicerar, så att innehållet går att ta del av utan ljud."
)


class RecordingMixin(models.Model):
    """A recording's length and transcript, defaulting to its media library file's."""

    # Name of the subclass's ForeignKey to media_library.MediaFile.
    media_field: ClassVar[str]

    duration_seconds = models.PositiveIntegerField(
        _("längd (sekunder)"), null=True, blank=True
    )
    transcript = models.TextField(
        _("transkribering"),
        blank=True,
        help_text=_(
            "Allt som sägs i inspelningen. Lämnas fältet tomt används "
            "transkriberingen från mediefilen i mediebiblioteket."
        ),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        media = getattr(self, self.media_field)
        if media is not None:
            if not self.transcript.strip() and media.transcript:
                self.transcript = media.transcript
            if self.duration_seconds is None:
                self.duration_seconds = media.duration_seconds

    def search_body_extra(self) -> list[str]:
        # Films, webinars and podcasts are found by what is said in them.
        return [*super().search_body_extra(), self.transcript]

    def publish_errors(self, role_count: int | None = None) -> dict[str, list[str]]:
        errors = super().publish_errors(role_count=role_count)
        if not self.transcript.strip():
            errors.setdefault("transcript", []).append(str(MISSING_TRANSCRIPT_MESSAGE))
        return errors
