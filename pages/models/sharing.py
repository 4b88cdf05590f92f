"""How GR's resources are shared with the member sites (see pages/syndication.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ShareWith(models.TextChoices):
    NONE = "none", _("Delas inte")
    ALL = "all", _("Alla medlemskommuner")
    CHOSEN = "chosen", _("Valda medlemskommuner")


class SharingOptOut(models.Model):
    """A member site has hidden a shared resource; later publishes respect it."""

    original = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="sharing_opt_outs"
    )
    site = models.ForeignKey(
        "pages.SiteProfile", on_delete=models.CASCADE, related_name="sharing_opt_outs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("dold delning")
        verbose_name_plural = _("dolda delningar")
        constraints = [
            models.UniqueConstraint(fields=["original", "site"], name="unique_opt_out")
        ]

    def __str__(self) -> str:
        return f"{self.site} hides {self.original_id}"


class SharingFailure(models.Model):
    """The last fan-out to a site failed: shown on the original, retried on publish."""

    original = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="sharing_failures"
    )
    site = models.ForeignKey(
        "pages.SiteProfile", on_delete=models.CASCADE, related_name="sharing_failures"
    )
    message = models.TextField()
    failed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("misslyckad delning")
        verbose_name_plural = _("misslyckade delningar")
        constraints = [
            models.UniqueConstraint(fields=["original", "site"], name="unique_failure")
        ]

    def __str__(self) -> str:
        return self.message
