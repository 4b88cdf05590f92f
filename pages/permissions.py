"""Who may edit what: editor groups per site, GR's review workflow, shared aliases.

GR's editors edit and publish GR's tree; each member's editors edit and
publish only their own tree; GR's reviewers approve GR material submitted to
the "Granskning GR" workflow. Material shared from GR appears in the members'
trees as aliases (pages/syndication.py): member editors may hide it on their
site but never edit, convert, move, unpublish or delete it; GR's editors and
superusers may. The admin hooks enforcing this are in pages/permission_hooks.py.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_default_page_content_type,
)

from pages.models import SiteProfile
from pages.models.sharing import (
    GR_EDITORS,
    hub_home_paths,
    may_change_shared_material,
    shared_original,
)

GR_REVIEWERS = "GR granskare"
MEMBER_EDITORS = "{site_name} redaktörer"
GR_WORKFLOW = "Granskning GR"
GR_REVIEW_TASK = "Granskning av GR-material"

# Page permissions on the home page (and its translations) of the group's site.
# No bulk_delete: editors delete one page at a time, never a whole section.
PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# Reviewers have no page permissions: they edit a page only while it waits
# for their task, and approving it publishes it (pages/workflows.py).
REVIEWER_PAGE_PERMISSIONS: tuple[str, ...] = ()
# Earlier versions gave reviewers publish permission on GR's tree.
WITHDRAWN_REVIEWER_PAGE_PERMISSIONS = ("publish",)

# Image and document permissions on the root collection. With only "add",
# editors may still edit and delete the files they uploaded themselves.
GR_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
MEMBER_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
REVIEWER_COLLECTION_PERMISSIONS = (
    "wagtailimages.choose_image",
    "wagtaildocs.choose_document",
)

# Model permissions: the admin itself, audio/video files and the snippets.
# Audio and video files have no owner, so only GR may change existing ones
# (GR's shared videos and their captions live in the same library).
GR_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.add_mediafile",
    "media_library.change_mediafile",
    "media_library.view_mediafile",
    "pages.add_podcastseries",
    "pages.change_podcastseries",
    "pages.view_podcastseries",
    "pages.view_role",
)
MEMBER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.add_mediafile",
    "media_library.view_mediafile",
    "pages.view_podcastseries",
    "pages.view_role",
)
REVIEWER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.view_mediafile",
    "pages.view_podcastseries",
    "pages.view_role",
)

SHARED_ALIAS_MESSAGE = _(
    "Det här materialet delas från Göteborgsregionen och kan bara ändras där. "
    "Du kan dölja det på er webbplats."
)
SHARED_DESCENDANTS_MESSAGE = _(
    "Sidan innehåller material som delas från Göteborgsregionen och kan därför "
    "inte flyttas eller tas bort. Du kan dölja det delade materialet på er "
    "webbplats."
)


def member_group_name(profile: SiteProfile) -> str:
    return MEMBER_EDITORS.format(site_name=profile.site.site_name)


# --- Groups ------------------------------------------------------------------


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


def _group(
    name: str,
    model_permissions: tuple[str, ...],
    collection_permissions: tuple[str, ...],
    homes: Iterable[Page] = (),
    page_permissions: tuple[str, ...] = PAGE_PERMISSIONS,
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


def _gr_workflow(reviewers: Group, hub_homes: list[Page]) -> Workflow:
    """GR's review workflow: one task for "GR granskare", on GR's home pages.

    A home page that an administrator has given another workflow keeps it.
    """
    workflow, _created = Workflow.objects.get_or_create(name=GR_WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=GR_REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=GR_REVIEW_TASK)
    task.groups.add(reviewers)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow,
            task=task,
            sort_order=WorkflowTask.objects.filter(workflow=workflow).count(),
        )
    for home in hub_homes:
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_groups() -> dict[str, Group]:
    """Create or complete the editor and reviewer groups and GR's workflow.

    Safe to run again at any time: it adds what is missing and removes
    nothing but the page permissions earlier versions gave GR's reviewers.
    Returns the groups by name: "GR redaktörer", "GR granskare" and
    "<site name> redaktörer" for every member site.
    """
    profiles = SiteProfile.objects.filter(slug__isnull=False).select_related(
        "site__root_page"
    )
    hub_homes = [
        home for profile in profiles if profile.is_hub for home in site_homes(profile)
    ]
    groups = {
        GR_EDITORS: _group(
            GR_EDITORS, GR_MODEL_PERMISSIONS, GR_COLLECTION_PERMISSIONS, hub_homes
        ),
        GR_REVIEWERS: _group(
            GR_REVIEWERS,
            REVIEWER_MODEL_PERMISSIONS,
            REVIEWER_COLLECTION_PERMISSIONS,
            hub_homes,
            REVIEWER_PAGE_PERMISSIONS,
        ),
    }
    for profile in profiles:
        if not profile.is_hub:
            name = member_group_name(profile)
            groups[name] = _group(
                name,
                MEMBER_MODEL_PERMISSIONS,
                MEMBER_COLLECTION_PERMISSIONS,
                site_homes(profile),
            )
    GroupPagePermission.objects.filter(
        group=groups[GR_REVIEWERS],
        permission__codename__in=[
            f"{action}_page" for action in WITHDRAWN_REVIEWER_PAGE_PERMISSIONS
        ],
    ).delete()
    _gr_workflow(groups[GR_REVIEWERS], hub_homes)
    return groups


def ensure_demo_users(password: str) -> list[str]:
    """One demo login per group, made once (existing users are left as they are).

    "gr-redaktor", "gr-granskare" and "<slug>-redaktor" for every member.
    Only for development: the caller checks settings.DEMO_USERS_ALLOWED.
    Returns the usernames.
    """
    ensure_groups()
    accounts = [("gr-redaktor", GR_EDITORS), ("gr-granskare", GR_REVIEWERS)]
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
