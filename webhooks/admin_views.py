"""Admin for webhooks: a subscription's page with its recent deliveries, and
"Skicka igen" on a delivery. Superusers only (wagtail_hooks.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.views.generic import InspectView
from wagtail.permission_policies.base import BasePermissionPolicy

from . import delivery as sending
from .models import Delivery, EventType

# How many of a subscription's deliveries its page lists, newest first.
RECENT_DELIVERIES = 50


class SuperusersOnly(BasePermissionPolicy):
    """Subscriptions hold the secrets consumers verify with: superusers only."""

    def user_has_permission(self, user, action) -> bool:
        return user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions) -> bool:
        return user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class SubscriptionInspectView(InspectView):
    """The subscription, its secret (for the consumer's developers) and its
    recent deliveries with status, attempts and the last answer."""

    template_name = "webhooks/subscription_inspect.html"
    page_title = gettext_lazy("Webhook-prenumeration")

    def get_events_display_value(self) -> str:
        labels = dict(EventType.choices)
        return ", ".join(str(labels.get(event, event)) for event in self.object.events)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = self.object.deliveries.all()[:RECENT_DELIVERIES]
        return context


@require_POST
def redeliver(request, delivery_id: int):
    if not (request.user.is_active and request.user.is_superuser):
        raise PermissionDenied
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    sending.redeliver(delivery)
    messages.success(
        request,
        _("Leveransen %(id)s skickas igen.") % {"id": delivery.webhook_id},
    )
    return redirect("webhooks_subscription:inspect", delivery.subscription_id)
