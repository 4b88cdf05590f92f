"""Admin views of the trash (pages/trash.py): delete, list, restore, purge."""

import itertools
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.utils import get_valid_next_url_from_request

from pages import trash
from pages.models import TrashedPage


def delete_to_trash(request, page):
    """The before_delete_page hook: a resource goes to the trash instead.

    Wagtail's delete view has checked that the user may delete the page.
    The confirmation names the member sites the resource disappears from.
    """
    if not trash.trashable(page):
        return None
    going = trash.goes_with(page)
    if request.method == "POST":
        title = page.get_admin_display_title()
        parent = page.get_parent()
        trash.trash(page, request.user)
        messages.success(
            request,
            _(
                "”%(title)s” ligger i papperskorgen i %(days)s dagar. "
                "Du kan återställa det därifrån."
            )
            % {"title": title, "days": settings.TRASH_RETENTION_DAYS},
            buttons=[messages.button(reverse("pages_trash"), _("Öppna papperskorgen"))],
        )
        next_url = get_valid_next_url_from_request(request)
        return redirect(next_url or reverse("wagtailadmin_explore", args=[parent.pk]))
    return TemplateResponse(
        request,
        "pages/admin/confirm_trash.html",
        {
            "page_title": _("Ta bort ”%(title)s”?")
            % {"title": page.get_admin_display_title()},
            "page": page,
            "translations": [other for other in going if other.pk != page.pk],
            "member_sites": trash.member_sites(going),
            "retention_days": settings.TRASH_RETENTION_DAYS,
            "next": get_valid_next_url_from_request(request),
        },
    )


def refuse_bulk_delete_of_shared(request, action_type, objects, action):
    """The before_bulk_action hook: bulk deleting puts resources in the trash.

    Shared material is deleted one page at a time, from its confirmation
    that names the member sites it disappears from.
    """
    if action_type != "delete":
        return None
    resources = [page for page in objects if trash.trashable(page)]
    if not resources:
        return None
    next_url = get_valid_next_url_from_request(request) or "wagtailadmin_explore_root"
    shared = [page.title for page in resources if trash.member_sites([page])]
    others = [page.title for page in objects if page not in resources]
    if shared or others:
        messages.error(
            request,
            _(
                "Inget togs bort. Ta bort delat material, ämnen och teman en "
                "sida i taget: %(titles)s"
            )
            % {"titles": ", ".join(shared + others)},
        )
        return redirect(next_url)
    for page in resources:
        trash.trash(page, request.user)
    messages.success(
        request,
        _("%(count)s sidor ligger i papperskorgen. Du kan återställa dem därifrån.")
        % {"count": len(resources)},
        buttons=[messages.button(reverse("pages_trash"), _("Öppna papperskorgen"))],
    )
    return redirect(next_url)


def trash_index(request):
    """What this user put in the trash, or may restore: grouped by deletion."""
    entries = TrashedPage.objects.select_related(
        "page__locale", "parent", "trashed_by"
    ).order_by("-trashed_at", "batch", "with_original")
    batches = [
        group
        for group in (
            list(group)
            for _batch, group in itertools.groupby(entries, key=lambda e: e.batch)
        )
        if trash.may_restore(request.user, group[0])
    ]
    return TemplateResponse(
        request,
        "pages/admin/trash.html",
        {
            "page_title": _("Papperskorg"),
            "batches": batches,
            "retention_days": settings.TRASH_RETENTION_DAYS,
            "may_purge": request.user.is_superuser,
        },
    )


def _batch_for(request, batch: uuid.UUID) -> list[TrashedPage]:
    entries = list(
        TrashedPage.objects.filter(batch=batch).select_related("page", "parent")
    )
    if not entries:
        raise Http404
    first = min(entries, key=lambda entry: entry.with_original)
    if not trash.may_restore(request.user, first):
        raise PermissionDenied
    return entries


@require_POST
def restore(request, batch: uuid.UUID):
    entries = _batch_for(request, batch)
    try:
        pages = trash.restore(batch, request.user)
    except trash.RestoreError as error:
        messages.error(request, str(error))
        return redirect("pages_trash")
    was_live = any(entry.was_live for entry in entries)
    shared = any(entry.member_sites for entry in entries)
    if shared:
        message = _(
            "”%(title)s” är återställt och publicerat igen. Det delas med "
            "medlemskommunerna i bakgrunden."
        )
    elif was_live:
        message = _("”%(title)s” är återställt och publicerat igen.")
    else:
        message = _("”%(title)s” är återställt.")
    messages.success(
        request,
        message % {"title": pages[0].title},
        buttons=[
            messages.button(
                reverse("wagtailadmin_pages:edit", args=[pages[0].pk]), _("Redigera")
            )
        ],
    )
    return redirect("pages_trash")


@require_POST
def purge(request, batch: uuid.UUID):
    """Delete for good before the retention period ends: superusers only."""
    if not request.user.is_superuser:
        raise PermissionDenied
    entries = _batch_for(request, batch)
    trash.purge(entries, request.user)
    messages.success(
        request, _("”%(title)s” är borttaget för gott.") % {"title": entries[0].title}
    )
    return redirect("pages_trash")


def shows_trash_menu(request) -> bool:
    """The menu item: for whoever may edit pages somewhere."""
    return user_has_any_page_permission(request.user)
