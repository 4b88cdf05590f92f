"""Recorded video; the video fields are shared with webinars."""

from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from media_library.widgets import MediaFileChooser

from .base import ResourcePage, resource_edit_handler, resource_panels
from .recording import RecordingMixin

MISSING_VIDEO_MESSAGE = _("Välj en videofil eller ange en länk till en extern video.")
BOTH_VIDEO_MESSAGE = _("Välj antingen en videofil eller en extern länk, inte båda.")
MISSING_CAPTIONS_MESSAGE = _(
    "Videon saknar textning. Lägg till en textningsfil (WebVTT) på videofilen i "
    "mediebiblioteket innan du publicerar."
)
UNCONFIRMED_CAPTIONS_MESSAGE = _(
    "Bekräfta att den externa videon har textning innan du publicerar. "
    "Tillgänglighetslagen kräver textning av inspelad video."
)


# How readers know the providers parse_video_url() recognises.
PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}


def parse_video_url(url: str) -> tuple[str | None, str | None]:
    """Return (provider, embed URL) for a YouTube or Vimeo link, else (host, None)."""
    if not url:
        return None, None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in {"youtube.com", "youtube-nocookie.com"}:
        video_id = parse_qs(parts.query).get("v", [""])[0]
        if not video_id and parts.path.startswith(("/embed/", "/shorts/")):
            video_id = parts.path.split("/")[2]
        return "youtube", (
            f"https://www.youtube-nocookie.com/embed/{video_id}" if video_id else None
        )
    if host == "youtu.be":
        video_id = parts.path.strip("/")
        return "youtube", (
            f"https://www.youtube-nocookie.com/embed/{video_id}" if video_id else None
        )
    if host in {"vimeo.com", "player.vimeo.com"}:
        video_id = parts.path.rstrip("/").split("/")[-1]
        return "vimeo", (
            f"https://player.vimeo.com/video/{video_id}" if video_id.isdigit() else None
        )
    return host or None, None


class VideoFieldsMixin(RecordingMixin):
    """A hosted video file or an external one, with captions and a transcript."""

    media_field = "video"

    video = models.ForeignKey(
        "media_library.MediaFile",
        verbose_name=_("videofil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"media_type": "video"},
        help_text=_("En videofil i mediebiblioteket, med textning."),
    )
    external_url = models.URLField(
        _("extern video"),
        blank=True,
        help_text=_("Länk till videon hos t.ex. YouTube eller Vimeo."),
    )
    provider_captions_confirmed = models.BooleanField(
        _("den externa videon har textning"),
        default=False,
        help_text=_("Kryssa i när du har kontrollerat textningen hos leverantören."),
    )

    video_panels: ClassVar[list] = [
        MultiFieldPanel(
            [
                FieldPanel("video", widget=MediaFileChooser(media_type="video")),
                FieldPanel("external_url"),
                FieldPanel("provider_captions_confirmed"),
                FieldPanel("duration_seconds"),
            ],
            heading=_("Video"),
        ),
        FieldPanel("transcript"),
    ]

    class Meta:
        abstract = True

    @property
    def provider(self) -> str | None:
        return parse_video_url(self.external_url)[0]

    @property
    def embed_url(self) -> str | None:
        return parse_video_url(self.external_url)[1]

    @property
    def provider_name(self) -> str | None:
        """The provider as readers know it ("YouTube"), else the link's host."""
        provider = self.provider
        return PROVIDER_NAMES.get(provider, provider)

    def caption_tracks(self) -> list[tuple]:
        """The hosted video's captions as (caption, shown by default): the
        page's language is shown by default, else the first."""
        captions = list(self.video.captions.all()) if self.video else []
        language = self.locale.language_code
        default = next((c for c in captions if c.language == language), None)
        if default is None and captions:
            default = captions[0]
        return [(caption, caption is default) for caption in captions]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # An external player is shown only once the reader has asked for it:
        # no request goes to the provider before (templates/includes/video_player.html).
        context["show_external_video"] = request.GET.get("visa-video") == "1"
        return context

    def publish_errors(self, role_count: int | None = None) -> dict[str, list[str]]:
        errors = super().publish_errors(role_count=role_count)
        if self.video_id and self.external_url:
            errors.setdefault("external_url", []).append(str(BOTH_VIDEO_MESSAGE))
        elif self.video_id:
            if not self.video.captions.exists():
                errors.setdefault("video", []).append(str(MISSING_CAPTIONS_MESSAGE))
        elif self.external_url:
            if not self.provider_captions_confirmed:
                errors.setdefault("provider_captions_confirmed", []).append(
                    str(UNCONFIRMED_CAPTIONS_MESSAGE)
                )
        else:
            errors.setdefault("video", []).append(str(MISSING_VIDEO_MESSAGE))
        return errors


# The mixin comes first so its clean() and publish_errors() extend the base ones;
# Page provides __str__.
class VideoPage(VideoFieldsMixin, ResourcePage):
    """A film: hosted in the media library or at an external provider."""

    kind = "video"

    content_panels = resource_panels(VideoFieldsMixin.video_panels)
    edit_handler = resource_edit_handler(VideoFieldsMixin.video_panels)
    search_fields: ClassVar[list] = [
        *ResourcePage.search_fields,
        index.SearchField("transcript"),
    ]

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videor")
