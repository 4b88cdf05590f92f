"""Admin: the superusers' list of locked-out logins, under Settings."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from . import views


@hooks.register("register_admin_urls")
def security_admin_urls():
    return [
        path("security/lockouts/", views.lockout_index, name="security_lockouts"),
        path("security/lockouts/unlock/", views.unlock_view, name="security_unlock"),
    ]


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return AdminOnlyMenuItem(
        gettext_lazy("Spärrade inloggningar"),
        reverse("security_lockouts"),
        icon_name="lock",
        order=950,
    )
