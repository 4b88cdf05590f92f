"""Setting the editorial model up: the groups and their permissions.

ensure_groups applies definitions.py to the database, with GR's workflow
(workflows.py). It is run by `manage.py setup_groups`, seed_demo and
pages/migrations/0006, and for every site added later.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    get_default_page_content_type,
)

from pages.models import SiteProfile
from pages.models.sharing import GR_EDITORS

from .definitions import (
    GR_COLLECTION_PERMISSIONS,
    GR_EDITOR_PAGE_PERMISSIONS,
    GR_MODEL_PERMISSIONS,
    GR_REVIEWERS,
    GR_TRANSLATORS,
    MEMBER_COLLECTION_PERMISSIONS,
    MEMBER_MODEL_PERMISSIONS,
    MEMBER_PAGE_PERMISSIONS,
    REVIEWER_COLLECTION_PERMISSIONS,
    REVIEWER_MODEL_PERMISSIONS,
    REVIEWER_PAGE_PERMISSIONS,
    TRANSLATOR_MODEL_PERMISSIONS,
    TRANSLATOR_PAGE_PERMISSIONS,
    WITHDRAWN_PAGE_PERMISSIONS,
    member_group_name,
)
from .workflows import detach_stock_workflow, gr_workflow, retire_stock_setup


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(action: str) -> Permission:
    return Permission.objects.get(
        content_type=get_default_page_content_type(), codename=f"{action}_page"
    )


def site_homes(profile: SiteProfile) -> list[Page]:
    """The site's home page in every locale (translations sit beside it under root)."""
    root = profile.site.root_page
    return list(
        Page.objects.filter(depth=root.depth, translation_key=root.translation_key)
    )


def grant_group(
    name: str,
    model_permissions: tuple[str, ...],
    collection_permissions: tuple[str, ...],
    homes: Iterable[Page],
    page_permissions: tuple[str, ...],
) -> Group:
    """The group with at least these permissions; nothing it has is taken away."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*(_permission(dotted) for dotted in model_permissions))
    root_collection = Collection.get_first_root_node()
    for dotted in collection_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=_permission(dotted)
        )
    for home in homes:
        for action in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=_page_permission(action)
            )
    return group


def _withdraw(group: Group, actions: tuple[str, ...]) -> None:
    GroupPagePermission.objects.filter(
        group=group, permission__codename__in=[f"{a}_page" for a in actions]
    ).delete()


def ensure_member_group(profile: SiteProfile) -> Group:
    """The editor group of one member site, with its page permissions."""
    return grant_group(
        member_group_name(profile),
        MEMBER_MODEL_PERMISSIONS,
        MEMBER_COLLECTION_PERMISSIONS,
        site_homes(profile),
        MEMBER_PAGE_PERMISSIONS,
    )


@transaction.atomic
def ensure_groups() -> dict[str, Group]:
    """Create or complete the editor, reviewer and translator groups and GR's
    workflow, after the editorial model (pages/permissions/__init__.py).

    Safe to run again at any time, and run for every site added later
    (pages/signal_handlers.py): it adds what is missing and takes away only
    the permissions that earlier versions gave and this model withdraws.
    Returns the groups by name: "GR redaktörer", "GR granskare",
    "GR översättare" and "<site name> redaktörer" for every member site.
    """
    profiles = SiteProfile.objects.filter(slug__isnull=False).select_related(
        "site__root_page"
    )
    hub_homes = [
        home for profile in profiles if profile.is_hub for home in site_homes(profile)
    ]
    groups = {
        GR_EDITORS: grant_group(
            GR_EDITORS,
            GR_MODEL_PERMISSIONS,
            GR_COLLECTION_PERMISSIONS,
            hub_homes,
            GR_EDITOR_PAGE_PERMISSIONS,
        ),
        GR_REVIEWERS: grant_group(
            GR_REVIEWERS,
            REVIEWER_MODEL_PERMISSIONS,
            REVIEWER_COLLECTION_PERMISSIONS,
            hub_homes,
            REVIEWER_PAGE_PERMISSIONS,
        ),
        GR_TRANSLATORS: grant_group(
            GR_TRANSLATORS,
            TRANSLATOR_MODEL_PERMISSIONS,
            REVIEWER_COLLECTION_PERMISSIONS,
            hub_homes,
            TRANSLATOR_PAGE_PERMISSIONS,
        ),
    }
    for profile in profiles:
        if not profile.is_hub:
            groups[member_group_name(profile)] = ensure_member_group(profile)
    for name, actions in WITHDRAWN_PAGE_PERMISSIONS.items():
        _withdraw(groups[name], actions)
    gr_workflow(groups[GR_REVIEWERS], hub_homes)
    detach_stock_workflow()
    retire_stock_setup()
    return groups


def ensure_demo_users(password: str) -> list[str]:
    """One demo login per group, made once (existing users are left as they are).

    "gr-redaktor", "gr-granskare", "gr-oversattare" and "<slug>-redaktor"
    for every member.
    Only for development: the caller checks settings.DEMO_USERS_ALLOWED.
    Returns the usernames.
    """
    ensure_groups()
    accounts = [
        ("gr-redaktor", GR_EDITORS),
        ("gr-granskare", GR_REVIEWERS),
        ("gr-oversattare", GR_TRANSLATORS),
    ]
    members = (
        SiteProfile.objects.filter(is_hub=False, slug__isnull=False)
        .select_related("site")
        .order_by("slug")
    )
    accounts += [(f"{p.slug}-redaktor", member_group_name(p)) for p in members]
    user_model = get_user_model()
    for username, group_name in accounts:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=group_name))
    return [username for username, _group_name in accounts]
