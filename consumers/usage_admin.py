"""Admin: API usage per key per day (Inställningar → API-användning), for
superusers. Opening it first moves what the cache has counted since the last
flush into the database (consumers/ratelimit.py), so the figures are current.
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import AdminOnlyMenuItem

from .models import ApiUsage
from .ratelimit import flush_usage

# The days the view shows, today included.
DAYS_SHOWN = 31

superuser_required = user_passes_test(lambda user: user.is_superuser)


@superuser_required
def usage_index(request: HttpRequest) -> HttpResponse:
    flushed = flush_usage()
    since = timezone.localdate() - timedelta(days=DAYS_SHOWN - 1)
    rows = (
        ApiUsage.objects.filter(day__gte=since)
        .select_related("key__consumer")
        .order_by("-day", "key__consumer__name", "key__name", "key__pk")
    )
    return TemplateResponse(
        request,
        "consumers/usage.html",
        {
            "page_title": _("API-användning"),
            "rows": rows,
            "days": DAYS_SHOWN,
            "flushed": flushed,
            "anonymous_limit": settings.API_RATE_LIMIT_ANONYMOUS,
            "key_limit": settings.API_RATE_LIMIT_KEY,
            "window": settings.API_RATE_LIMIT_WINDOW,
        },
    )


@hooks.register("register_admin_urls")
def usage_admin_urls():
    return [path("api-usage/", usage_index, name="consumers_usage")]


@hooks.register("register_settings_menu_item")
def usage_menu_item():
    return AdminOnlyMenuItem(
        gettext_lazy("API-användning"),
        reverse("consumers_usage"),
        icon_name="history",
        order=945,
    )
