"""Webhook subscriptions of API consumers, and each message sent to one."""

import base64
import secrets
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, Site

from consumers.models import Consumer
from pages.models import SiteProfile


class EventType(models.TextChoices):
    PUBLISHED = "published", _("publicerad")
    UNPUBLISHED = "unpublished", _("avpublicerad")
    DELETED = "deleted", _("borttagen")
    MOVED = "moved", _("flyttad")
    SHARED = "shared", _("delad till webbplatsen")
    HIDDEN = "hidden", _("dold på webbplatsen")
    TRANSLATION_PUBLISHED = "translation_published", _("översättning publicerad")


# After these the resource's detail answers 404: there is no new ETag.
GONE_EVENTS = frozenset({EventType.UNPUBLISHED, EventType.DELETED, EventType.HIDDEN})


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_webhook_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class SubscriptionForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("händelser"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class Subscription(models.Model):
    """A consumer's address that is told about changes to resources."""

    consumer = models.ForeignKey(
        Consumer,
        verbose_name=_("konsument"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    url = models.URLField(
        _("mottagarens adress"),
        max_length=500,
        help_text=_(
            "Händelserna skickas hit som JSON med POST, t.ex. "
            "https://intranat.molndal.se/webhooks/trygghetsportalen"
        ),
    )
    secret = models.CharField(
        _("hemlighet"),
        max_length=100,
        default=new_secret,
        editable=False,
        help_text=_("Mottagaren kontrollerar signaturen med den (Standard Webhooks)."),
    )
    events = models.JSONField(_("händelser"), default=list)
    site = models.ForeignKey(
        Site,
        verbose_name=_("webbplats"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Tomt: konsumentens egen webbplats. Bara GR:s konsumenter kan välja "
            "en medlems webbplats."
        ),
    )
    locale = models.ForeignKey(
        Locale,
        verbose_name=_("språk"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tomt: alla språk."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    base_form_class = SubscriptionForm
    panels = [
        FieldPanel("consumer"),
        FieldPanel("url"),
        FieldPanel("events"),
        FieldPanel("site"),
        FieldPanel("locale"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("webhook-prenumeration")
        verbose_name_plural = _("webhook-prenumerationer")
        ordering = ["consumer__name", "url"]

    def __str__(self) -> str:
        return f"{self.consumer} → {self.url}"

    @property
    def site_id_watched(self) -> int:
        """The site whose resources this subscription hears about."""
        return self.site_id or self.consumer.site_id

    def wants(self, event: str, site_id: int, locale_id: int) -> bool:
        return (
            self.active
            and event in self.events
            and site_id == self.site_id_watched
            and (self.locale_id is None or self.locale_id == locale_id)
        )

    def clean(self) -> None:
        super().clean()
        if not self.site_id or not self.consumer_id:
            return
        own = self.consumer.site_id
        hub = SiteProfile.for_site(self.consumer.site).is_hub
        if self.site_id != own and not hub:
            raise ValidationError(
                {
                    "site": _(
                        "En medlems konsument får bara händelser från sin egen "
                        "webbplats."
                    )
                }
            )


class Delivery(models.Model):
    """One event for one subscription: the message and how sending it went.

    The row is the truth: the queue's tasks only say when to try next, and a
    task lost with its worker is made good by the next (webhooks/delivery.py).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("väntar")
        DELIVERED = "delivered", _("levererad")
        FAILED = "failed", _("misslyckad")

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("prenumeration"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The webhook-id header: the same on every attempt (receivers deduplicate).
    webhook_id = models.CharField(
        _("webhook-id"), max_length=40, unique=True, default=new_webhook_id
    )
    event = models.CharField(_("händelse"), max_length=30, choices=EventType.choices)
    # The message without its ETag, which is added when the change is
    # committed (etag below); "" while not yet known, and for GONE_EVENTS.
    payload = models.JSONField(_("innehåll"))
    etag = models.CharField(max_length=80, blank=True)
    # The ETag depends on who reads: a consumer with staff material has its own.
    etag_reader = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    # While an attempt is under way: no other attempt starts before this,
    # and a task queued for this moment retries if the attempt was lost.
    in_flight_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("senaste försök"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("senaste svarskod"), null=True, blank=True
    )
    last_error = models.TextField(_("senaste fel"), blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    # Retries go on until WEBHOOK_RETRY_HOURS after this (a redelivery
    # starts them again).
    retry_from = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(_("levererad"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-leverans")
        verbose_name_plural = _("webhook-leveranser")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.webhook_id} ({self.event})"
