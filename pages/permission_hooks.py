"""Admin hooks: member editors may not change GR's shared material in their tree.

Material shared from GR appears in the members' trees as aliases. Page
permissions alone would let a member's editors edit, convert, move,
unpublish or delete those aliases; these hooks refuse that (with a message
and a redirect) unless the user is one of GR's editors or a superuser.
Hiding shared material is a view of its own and is not affected.
The rules are in pages/permissions/.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from pages.models.sharing import is_hub_page
from pages.permissions import (
    GR_REVIEW_NOTICE,
    is_translator_only,
    refusal,
    translator_refusal,
)

# Bulk actions that change or remove the selected pages and their subtrees.
GUARDED_BULK_ACTIONS = ("delete", "move", "unpublish")


def _refuse(request, message, page=None):
    messages.error(request, message)
    next_url = get_valid_next_url_from_request(request)
    if next_url:
        return redirect(next_url)
    parent = page.get_parent() if page is not None else None
    if parent is not None and not parent.is_root():
        return redirect(reverse("wagtailadmin_explore", args=[parent.pk]))
    return redirect("wagtailadmin_explore_root")


def _guard(request, page, include_descendants=False):
    message = refusal(request.user, page, include_descendants=include_descendants)
    if message is None:
        return None
    return _refuse(request, message, page)


@hooks.register("before_edit_page")
def keep_translators_to_translating(request, page):
    # A translator may open a Swedish page (to find "Översätt den här sidan")
    # but not save, submit or delete it.
    message = translator_refusal(request.user, page)
    if message is None:
        return None
    if request.method == "GET":
        messages.info(request, message)
        return None
    return _refuse(request, message, page)


@hooks.register("before_delete_page")
def refuse_translators_deleting(request, page):
    message = translator_refusal(request.user, page)
    return None if message is None else _refuse(request, message, page)


def _say_that_gr_material_is_reviewed(request, page) -> None:
    # Translators publish nothing and submit nothing: a reviewer publishes
    # their translations (README, "Translating").
    if (
        request.method == "GET"
        and is_hub_page(page)
        and not is_translator_only(request.user)
    ):
        messages.info(request, GR_REVIEW_NOTICE)


@hooks.register("before_edit_page")
def explain_gr_review_when_editing(request, page):
    if not page.permissions_for_user(request.user).can_publish():
        _say_that_gr_material_is_reviewed(request, page)


@hooks.register("before_create_page")
def explain_gr_review_when_creating(request, parent_page, page_class):
    if not parent_page.permissions_for_user(request.user).can_publish_subpage():
        _say_that_gr_material_is_reviewed(request, parent_page)


@hooks.register("before_edit_page")
def refuse_editing_shared_alias(request, page):
    # Opening an alias shows no form, only where it comes from and the
    # "Dölj på vår webbplats" button (templates/wagtailadmin/pages/
    # edit_alias.html), so member editors may look; any POST is refused.
    if request.method == "GET" and page.alias_of_id:
        return None
    return _guard(request, page)


@hooks.register("before_convert_alias_page")
def refuse_converting_shared_alias(request, page):
    return _guard(request, page)


@hooks.register("before_delete_page")
def refuse_deleting_shared_alias(request, page):
    return _guard(request, page, include_descendants=True)


@hooks.register("before_move_page")
def refuse_moving_shared_alias(request, page, destination):
    return _guard(request, page, include_descendants=True)


@hooks.register("before_unpublish_page")
def refuse_unpublishing_shared_alias(request, page):
    include_descendants = bool(request.POST.get("include_descendants"))
    return _guard(request, page, include_descendants=include_descendants)


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_shared_aliases(request, action_type, objects, action):
    """Bulk delete, move and unpublish obey the same rule: all or nothing."""
    if action_type not in GUARDED_BULK_ACTIONS:
        return None
    form = getattr(action, "cleaned_form", None)
    include_descendants = action_type in ("delete", "move") or bool(
        form and form.cleaned_data.get("include_descendants")
    )
    for page in objects:
        if not isinstance(page, Page):  # images, documents, snippets, users
            continue
        message = refusal(request.user, page, include_descendants=include_descendants)
        if message is not None:
            return _refuse(request, message)
    return None
