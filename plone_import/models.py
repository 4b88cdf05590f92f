"""What an import from Plone made of each Plone item, per Wagtail site.

One row per Plone UID and site: the import's memory. A re-run compares
Plone's modification date with `plone_modified` to skip what has not
changed, and `revision` with the page's latest revision to leave alone what
editors changed in Wagtail after the import.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedKind(models.TextChoices):
    PAGE = "page", _("sida")
    DOCUMENT = "document", _("dokument")
    IMAGE = "image", _("bild")
    # A folder whose items went into an ancestor's topic, a language root:
    # `page` is where its path now leads, a page the import did not make.
    FOLDER = "folder", _("mapp")


class ImportedItem(models.Model):
    """A Plone item and what it became in one Wagtail site."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    plone_site_url = models.URLField(_("Plone-webbplats"), max_length=500)
    plone_uid = models.CharField(_("Plone-UID"), max_length=64)
    plone_path = models.CharField(
        _("sökväg i Plone"),
        max_length=1000,
        help_text=_("Från Plone-webbplatsens rot, t.ex. /sv/trygghet/lagesbild."),
    )
    language = models.CharField(_("språk"), max_length=16, blank=True)
    portal_type = models.CharField(_("Plone-typ"), max_length=100)
    # Null until the item is completely written (body, status, redirects):
    # a run that stopped half-way does the rest next time.
    plone_modified = models.DateTimeField(_("ändrad i Plone"), null=True, blank=True)
    kind = models.CharField(_("blev"), max_length=10, choices=ImportedKind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whether the import made `page` (and may update it): a folder mapped to
    # an existing topic reuses that topic without owning it.
    owns_page = models.BooleanField(default=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    media_file = models.ForeignKey(
        "media_library.MediaFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The page revision the import last wrote: a later one is an editor's.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Links in the body to Plone items that had not become anything yet: the
    # page is converted again once one of them has.
    unresolved_links = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(_("importerad"), auto_now=True)

    class Meta:
        verbose_name = _("importerat Plone-objekt")
        verbose_name_plural = _("importerade Plone-objekt")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "plone_uid"], name="unique_plone_uid_per_site"
            )
        ]

    def __str__(self) -> str:
        return f"{self.portal_type} {self.plone_path}"

    @property
    def target_deleted(self) -> bool:
        """What the import made is gone (deleted in Wagtail, or in the trash)."""
        if self.kind == ImportedKind.DOCUMENT:
            return self.document_id is None
        if self.kind == ImportedKind.IMAGE:
            return self.image_id is None
        if self.page_id is None:
            return True
        return hasattr(self.page, "trash_entry")
