"""Checks the admin hooks (pages/permission_hooks.py) ask before a change.

GR's shared material may be changed only by GR's editors and superusers;
translators may not change the pages in the source language.
"""

from wagtail.models import Locale, Page

from pages.models.sharing import (
    GR_EDITORS,
    hub_home_paths,
    may_change_shared_material,
    shared_original,
)

from .definitions import (
    GR_REVIEWERS,
    GR_TRANSLATORS,
    SHARED_ALIAS_MESSAGE,
    SHARED_DESCENDANTS_MESSAGE,
    TRANSLATOR_MESSAGE,
)

# --- Shared material ---------------------------------------------------------


def is_shared_alias(page: Page) -> bool:
    """An alias of material that lives in the hub's (GR's) tree."""
    return shared_original(page) is not None


def shared_aliases_within(page: Page) -> list[Page]:
    """`page` and its descendants that are aliases of the hub's material."""
    hub_paths = hub_home_paths()
    aliases = Page.objects.descendant_of(page, inclusive=True).filter(
        alias_of__isnull=False
    )
    return [alias for alias in aliases if shared_original(alias, hub_paths)]


def refusal(user, page: Page, include_descendants: bool = False):
    """Why `user` may not change `page` because of GR's shared material, or None.

    With include_descendants, aliases below `page` count too (deleting or
    moving a page takes its subtree with it).
    """
    if is_shared_alias(page):
        message = SHARED_ALIAS_MESSAGE
    elif include_descendants and shared_aliases_within(page):
        message = SHARED_DESCENDANTS_MESSAGE
    else:
        return None  # no queries about the user for ordinary pages
    return None if may_change_shared_material(user) else message


# --- Translators ------------------------------------------------------------


def is_translator_only(user) -> bool:
    """A translator who is neither one of GR's editors or reviewers nor a superuser."""
    if not hasattr(user, "_is_translator_only"):
        # Remembered on the user object, which lives as long as the request.
        names = set(user.groups.values_list("name", flat=True))
        user._is_translator_only = (
            not user.is_superuser
            and GR_TRANSLATORS in names
            and not names & {GR_EDITORS, GR_REVIEWERS}
        )
    return user._is_translator_only


def translator_refusal(user, page: Page):
    """Why a translator may not change `page` (a page in the source language)."""
    if page.locale_id != Locale.get_default().pk:
        return None
    return TRANSLATOR_MESSAGE if is_translator_only(user) else None
