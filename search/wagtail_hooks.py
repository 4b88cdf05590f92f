"""Admin: the editors' synonym list and the report of what people search for."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = gettext_lazy("Synonymer i sökningen")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["terms", "note"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def search_admin_urls():
    return [path("search/queries/", admin_views.query_report, name="search_queries")]


@hooks.register("register_reports_menu_item")
def query_report_menu_item():
    return MenuItem(
        gettext_lazy("Sökfrågor"),
        reverse("search_queries"),
        icon_name="search",
        order=910,
    )
