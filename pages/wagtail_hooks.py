"""Admin integration: vocabulary snippets and the publish guard for bulk actions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages import (  # noqa: F401 - registers hooks
    admin_views,
    chooser_hooks,
    permission_hooks,
    trash,
    trash_views,
)
from pages.models import PodcastSeries, ResourcePage, Role, SharingSync
from pages.site_links import SitePageLinkHandler
from pages.site_reader import refuse_hidden
from pages.syndication import history

# The site serves nothing the public may not see (pages/site_reader.py).
hooks.register("before_serve_page", refuse_hidden)


@hooks.register("register_rich_text_features", order=100)
def links_on_the_reading_site(features):
    """Page links in rich text keep a member's reader on the member's site
    (pages/site_links.py): after Wagtail's own registration, which it replaces."""
    features.register_link_type(SitePageLinkHandler)


class RoleViewSet(SnippetViewSet):
    model = Role
    icon = "group"
    menu_label = gettext_lazy("Roller")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class PodcastSeriesViewSet(SnippetViewSet):
    model = PodcastSeries
    icon = "microphone"
    menu_label = gettext_lazy("Poddserier")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "slug", "locale"]
    search_fields = ["title"]


@hooks.register("register_admin_urls")
def sharing_admin_urls():
    return [
        path(
            "sharing/<int:alias_id>/hide/",
            admin_views.hide_shared,
            name="pages_sharing_hide",
        ),
        path(
            "sharing/hidden/<int:opt_out_id>/show/",
            admin_views.unhide_shared,
            name="pages_sharing_unhide",
        ),
        path("sharing/hidden/", admin_views.hidden_shared, name="pages_sharing_hidden"),
        path(
            "sharing/<int:page_id>/retry/",
            admin_views.retry_sharing,
            name="pages_sharing_retry",
        ),
    ]


hooks.register("register_log_actions", history.register_actions)
hooks.register("register_log_actions", trash.register_actions)
# After the refusals (pages/permission_hooks.py): only what may be deleted
# goes to the trash.
hooks.register("before_delete_page", trash_views.delete_to_trash, order=100)
hooks.register(
    "before_bulk_action", trash_views.refuse_bulk_delete_of_shared, order=100
)


class TrashMenuItem(MenuItem):
    def is_shown(self, request):
        return trash_views.shows_trash_menu(request)


@hooks.register("register_admin_menu_item")
def trash_menu_item():
    return TrashMenuItem(
        gettext_lazy("Papperskorg"), reverse("pages_trash"), icon_name="bin", order=9000
    )


@hooks.register("register_admin_urls")
def trash_admin_urls():
    return [
        path("trash/", trash_views.trash_index, name="pages_trash"),
        path(
            "trash/<uuid:batch>/restore/",
            trash_views.restore,
            name="pages_trash_restore",
        ),
        path("trash/<uuid:batch>/purge/", trash_views.purge, name="pages_trash_purge"),
    ]


@hooks.register("after_publish_page")
def say_that_sharing_runs_in_the_background(request, page):
    # Only GR's pages get a SharingSync; with a worker it is pending here.
    sync = SharingSync.objects.filter(original=page).first()
    if sync is not None and sync.pending:
        messages.info(
            request,
            _(
                "Materialet delas med medlemskommunerna i bakgrunden. "
                "Fliken Dela med visar hur långt det har kommit."
            ),
        )


@hooks.register("register_reports_menu_item")
def hidden_shared_menu_item():
    return MenuItem(
        gettext_lazy("Dolt delat material"),
        reverse("pages_sharing_hidden"),
        icon_name="view",
        order=900,
    )


register_snippet(RoleViewSet)
register_snippet(PodcastSeriesViewSet)


def _pages_to_publish(objects, include_descendants: bool):
    for page in objects:
        yield page
        if include_descendants:
            yield from page.get_descendants().not_live().specific()


@hooks.register("before_bulk_action")
def refuse_bulk_publish_of_incomplete_resources(request, action_type, objects, action):
    """Bulk publishing must obey the same rules as publishing from the editor."""
    if action_type != "publish":
        return None
    form = getattr(action, "cleaned_form", None)
    include_descendants = bool(form and form.cleaned_data.get("include_descendants"))
    blocked = []
    for page in _pages_to_publish(objects, include_descendants):
        draft = page.specific.get_latest_revision_as_object()
        if isinstance(draft, ResourcePage) and draft.publish_errors():
            blocked.append(draft.title)
    if not blocked:
        return None
    messages.error(
        request,
        _("Inget publicerades. Dessa sidor är inte klara att publicera: %(titles)s")
        % {"titles": ", ".join(blocked)},
    )
    return redirect(
        get_valid_next_url_from_request(request) or "wagtailadmin_explore_root"
    )
