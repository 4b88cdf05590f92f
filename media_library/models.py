"""Images, documents, and audio/video files with captions."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import CollectionMember, Orderable
from wagtail.search import index

from media_library.validators import validate_webvtt


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "gr", _("Alla rättigheter förbehållna (GR)")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC0 = "cc0", _("CC0")
    STOCK = "stock", _("Licensierad bildbank")


class CustomImage(AbstractImage):
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=250,
        blank=True,
        help_text=_(
            "Beskriv kort vad bilden visar och varför den finns där. Texten läses "
            "upp av skärmläsare för den som inte kan se bilden."
        ),
    )
    alt_text_en = models.CharField(
        _("Alternativtext på engelska"),
        max_length=250,
        blank=True,
        help_text=_(
            "Används på de engelska sidorna. Lämnas den tom används den svenska "
            "alternativtexten där, märkt som svenska."
        ),
    )
    is_decorative = models.BooleanField(
        _("Dekorativ bild (ingen alternativtext behövs)"),
        default=False,
        help_text=_(
            "Markera bara om bilden är ren utsmyckning och inte tillför någon "
            "information. Skärmläsare hoppar då över den."
        ),
    )
    alt_text_reviewed = models.BooleanField(
        _("Alternativtexten är granskad"),
        default=True,
        help_text=_(
            "Bilder som importerats från en annan webbplats har en föreslagen "
            "alternativtext. Läs den, skriv om den vid behov och kryssa sedan i "
            "rutan. Sidor som visar bilden kan inte publiceras förrän texten är "
            "granskad."
        ),
    )
    credit = models.CharField(_("Fotograf/upphov"), max_length=200, blank=True)
    licence = models.CharField(
        _("Licens"), max_length=100, blank=True, choices=Licence.choices
    )

    # Wagtail's own "description" is replaced by alt_text.
    admin_form_fields = tuple(
        field for field in Image.admin_form_fields if field != "description"
    ) + (
        "alt_text",
        "alt_text_en",
        "is_decorative",
        "alt_text_reviewed",
        "credit",
        "licence",
    )

    search_fields = [*AbstractImage.search_fields, index.SearchField("alt_text")]

    class Meta(AbstractImage.Meta):
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")

    def __str__(self) -> str:
        return self.title

    @property
    def missing_alt_text(self) -> bool:
        """True when a screen reader would get nothing useful for this image,
        or nothing an editor has vouched for (an imported, proposed alt text)."""
        if not self.alt_text_reviewed:
            return True
        return not self.is_decorative and not self.alt_text.strip()

    def alt_text_in(self, language: str) -> tuple[str, str]:
        """(The alt text for a page in `language`, the language it is in):
        the English one on English pages when there is one, else the
        Swedish. Never the title: it is usually a file name."""
        if self.is_decorative:
            return "", language
        english = self.alt_text_en.strip()
        if language == "en" and english:
            return english, "en"
        return self.alt_text.strip(), settings.LANGUAGE_CODE

    @property
    def default_alt_text(self) -> str:
        """The alt text for the active language (Wagtail's image tag's alt)."""
        return self.alt_text_in(get_language() or settings.LANGUAGE_CODE)[0]

    @property
    def alt_language(self) -> str:
        """The language default_alt_text is in, for the image's lang attribute."""
        return self.alt_text_in(get_language() or settings.LANGUAGE_CODE)[1]


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(
        CustomImage, related_name="renditions", on_delete=models.CASCADE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("image", "filter_spec", "focal_point_key"),
                name="unique_custom_rendition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.image} ({self.filter_spec})"


class CustomDocument(AbstractDocument):
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokument")

    def __str__(self) -> str:
        return self.title


class MediaType(models.TextChoices):
    AUDIO = "audio", _("Ljud")
    VIDEO = "video", _("Video")


class MediaFile(CollectionMember, index.Indexed, ClusterableModel):
    """An audio or video file with its transcript and WebVTT captions."""

    title = models.CharField(_("Titel"), max_length=255)
    file = models.FileField(
        _("Fil"),
        upload_to="media/%Y/%m",
        max_length=255,
        help_text=_("Ljud (MP3, M4A, Ogg/Opus, WAV) eller video (MP4, WebM)."),
    )
    # The three below are filled in from the uploaded bytes, never by editors.
    media_type = models.CharField(
        _("Medietyp"), max_length=5, choices=MediaType.choices, editable=False
    )
    mime_type = models.CharField(_("MIME-typ"), max_length=100, editable=False)
    file_size = models.PositiveBigIntegerField(
        _("Filstorlek"), null=True, editable=False
    )
    duration_seconds = models.PositiveIntegerField(
        _("Längd (sekunder)"),
        null=True,
        blank=True,
        help_text=_("Hur lång inspelningen är, i hela sekunder."),
    )
    transcript = models.TextField(
        _("Transkribering"),
        blank=True,
        help_text=_(
            "Allt som sägs och andra viktiga ljud, som text. Krävs för att ljud "
            "och video ska vara tillgängliga för den som inte hör."
        ),
    )
    created_at = models.DateTimeField(_("Skapad"), auto_now_add=True, db_index=True)
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Uppladdad av"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Like Wagtail's images: who uploaded a file is not a content reference.
    uploaded_by_user.wagtail_reference_index_ignore = True

    search_fields = [
        *CollectionMember.search_fields,
        index.SearchField("title", boost=10),
        index.AutocompleteField("title"),
        index.SearchField("transcript"),
        index.FilterField("media_type"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("Ljud- eller videofil")
        verbose_name_plural = _("Ljud- och videofiler")

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def duration_display(self) -> str:
        """The duration as M:SS or H:MM:SS, or an empty string if unknown."""
        if self.duration_seconds is None:
            return ""
        hours, rest = divmod(self.duration_seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"


class CaptionLanguage(models.TextChoices):
    SV = "sv", _("Svenska")
    EN = "en", _("Engelska")


class MediaCaption(Orderable):
    """A WebVTT caption track for a MediaFile."""

    media = ParentalKey(MediaFile, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(
        _("Språk"),
        max_length=8,
        choices=CaptionLanguage.choices,
        default=CaptionLanguage.SV,
    )
    label = models.CharField(
        _("Etikett"),
        max_length=100,
        blank=True,
        help_text=_(
            "Visas i spelarens textningsmeny, t.ex. ”Svenska”. Lämnas den tom "
            "används språkets namn."
        ),
    )
    file = models.FileField(
        _("WebVTT-fil"),
        upload_to="captions/",
        max_length=255,
        validators=[
            FileExtensionValidator(
                ["vtt"], message=_("Textningsfilen måste ha filändelsen .vtt.")
            ),
            validate_webvtt,
        ],
    )

    panels = [FieldPanel("language"), FieldPanel("label"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("Textningsfil")
        verbose_name_plural = _("Textningsfiler")

    def __str__(self) -> str:
        return self.label or self.get_language_display()

    def save(self, *args, **kwargs) -> None:
        if not self.label:
            self.label = str(self.get_language_display())
        super().save(*args, **kwargs)
