"""The trash: deleted resources wait here, restorable, for a retention period.

Wagtail has no trash. Deleting a resource moves it (with its translations)
under the trash bin, a page beside the sites' homes that belongs to no site,
so nothing reads it: it is off line, out of every site's tree, out of the
API and the feeds. Its revisions, translations, sharing settings and the
member sites' opt-outs stay with it, because the page itself stays.
pages/trash.py does the moving; TrashedPage remembers where it came from.
"""

import datetime

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page


class TrashBin(Page):
    """The parent of every page in the trash; made on first use, never served."""

    parent_page_types: list[str] = []
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("papperskorg")
        verbose_name_plural = _("papperskorgar")

    def serve(self, request, *args, **kwargs):
        raise Http404


class TrashedPage(models.Model):
    """A page in the trash: where it was, what it was, who put it there.

    The pages deleted together (a resource and its translations) share a
    `batch` and are restored together.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="trash_entry"
    )
    batch = models.UUIDField(db_index=True)
    # A translation that went with the page the editor deleted: who may
    # restore the batch is decided by that page alone.
    with_original = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    slug = models.SlugField(max_length=255)
    title = models.CharField(max_length=255)
    was_live = models.BooleanField()
    live_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The member sites whose copies went (names, as the editor was told).
    member_sites = models.JSONField(default=list)
    trashed_at = models.DateTimeField(default=timezone.now)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("borttagen sida")
        verbose_name_plural = _("borttagna sidor")
        ordering = ["-trashed_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def purge_at(self) -> datetime.datetime:
        return self.trashed_at + datetime.timedelta(days=settings.TRASH_RETENTION_DAYS)
