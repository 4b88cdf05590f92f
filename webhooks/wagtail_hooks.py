"""Admin: Inställningar → Webhooks (superusers), with "Skicka igen"."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Subscription

register_permission_policy(Subscription, admin_views.SuperusersOnly(Subscription))


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    url_prefix = "webhooks"
    name = "webhooks_subscription"
    list_display = ["consumer", "url", "active", "created_at"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.SubscriptionInspectView
    inspect_view_fields = [
        "consumer",
        "url",
        "secret",
        "events",
        "site",
        "locale",
        "active",
        "created_at",
    ]


@hooks.register("register_admin_viewset")
def register_subscriptions():
    return SubscriptionViewSet()


@hooks.register("register_admin_urls")
def register_redeliver_url():
    return [
        path(
            "webhooks/deliveries/<int:delivery_id>/redeliver/",
            admin_views.redeliver,
            name="webhooks_redeliver",
        )
    ]
