"""Admin views about sharing: hide a shared resource or show it again, retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from pages import syndication
from pages.models import SharingOptOut, SharingWorker, SiteProfile


def _can_manage(user, site: SiteProfile) -> bool:
    """Whoever may add pages to a member's tree may decide what it shows."""
    return site.site.root_page.permissions_for_user(user).can_add_subpage()


@require_POST
def hide_shared(request, alias_id: int):
    alias = get_object_or_404(Page, pk=alias_id, alias_of__isnull=False)
    site = syndication.site_profile_of(alias)
    if site is None or site.is_hub or not _can_manage(request.user, site):
        raise PermissionDenied
    parent = alias.get_parent()
    syndication.hide(alias, site, user=request.user)
    messages.success(
        request,
        _(
            "”%(title)s” visas inte längre på %(site)s. "
            "Du kan visa det igen under Dolt delat material."
        )
        % {"title": alias.title, "site": site.site.site_name},
    )
    return redirect("wagtailadmin_explore", parent.pk)


@require_POST
def unhide_shared(request, opt_out_id: int):
    opt_out = get_object_or_404(
        SharingOptOut.objects.select_related("site__site", "original"), pk=opt_out_id
    )
    if not _can_manage(request.user, opt_out.site):
        raise PermissionDenied
    syndication.unhide(opt_out.original, opt_out.site, user=request.user)
    messages.success(
        request,
        _("”%(title)s” visas igen på %(site)s.")
        % {"title": opt_out.original.title, "site": opt_out.site.site.site_name},
    )
    return redirect("pages_sharing_hidden")


@require_POST
def retry_sharing(request, page_id: int):
    """Share one of GR's pages again (after a failure or a crash).

    A fan-out left by a process that died is taken over at once. With a
    sharing worker running, the fan-out is queued for it; with none, it is
    done here and now (a second or so for 13 members), so the button always
    makes progress.
    """
    page = get_object_or_404(Page, pk=page_id, alias_of__isnull=True)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if not (page.live and syndication.needs_fan_out(page)):
        return redirect("wagtailadmin_pages:edit", page.pk)
    syndication.recover()
    if SharingWorker.objects.alive().exists():
        syndication.request_sync(page)
        message = _("”%(title)s” delas igen med medlemskommunerna.")
    elif syndication.sync_now(page.specific, again=True) is None:
        message = _("”%(title)s” delas just nu med medlemskommunerna.")
    else:
        message = _("”%(title)s” har delats igen med medlemskommunerna.")
    messages.success(request, message % {"title": page.title})
    return redirect("wagtailadmin_pages:edit", page.pk)


def hidden_shared(request):
    """The shared resources hidden on the sites this user manages."""
    sites = [
        site
        for site in SiteProfile.objects.filter(is_hub=False).select_related(
            "site__root_page"
        )
        if _can_manage(request.user, site)
    ]
    opt_outs = (
        SharingOptOut.objects.filter(site__in=sites)
        .select_related("site__site", "original")
        .order_by("site__slug", "original__title")
    )
    return TemplateResponse(
        request,
        "pages/admin/hidden_shared.html",
        {"opt_outs": opt_outs, "sites": sites},
    )
