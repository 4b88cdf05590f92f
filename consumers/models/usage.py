"""Requests per key per day, for the admin's usage figures."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .keys import ApiKey


class ApiUsage(models.Model):
    """How many requests one key made on one day, and how many were refused
    for the rate limit. Written in batches from the shared counters
    (consumers/ratelimit.py), not once per request."""

    key = models.ForeignKey(
        ApiKey, verbose_name=_("nyckel"), on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField(_("dag"))
    requests = models.PositiveIntegerField(_("anrop"), default=0)
    limited = models.PositiveIntegerField(_("stoppade av gränsen"), default=0)

    class Meta:
        verbose_name = _("användning")
        verbose_name_plural = _("användning")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "day"], name="one_usage_row_per_key_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.day}: {self.requests}"
