"""Who may edit what: editor groups per site, GR's review workflow, shared aliases.

The editorial model (README, "Who may do what", whose table
tests/pages/test_permission_table.py checks cell by cell):

- GR's editors write and translate in GR's tree and submit to the
  "Granskning GR" workflow; they cannot publish, because what GR publishes
  reaches 13 municipalities at once.
- GR's reviewers approve (which publishes), and may publish, unpublish and
  delete GR material directly, translations included.
- GR's translators translate GR's pages into English; they may not change
  the Swedish originals, nor publish.
- Each member's editors edit and publish their own tree directly: members
  have no review workflow unless an administrator gives one to their site.

Material shared from GR appears in the members' trees as aliases
(pages/syndication.py): member editors may hide it on their site but never
edit, convert, move, unpublish or delete it; GR's editors and superusers may.
The admin hooks enforcing this are in pages/permission_hooks.py.
"""

import functools
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
    Locale,
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
GR_TRANSLATORS = "GR översättare"
MEMBER_EDITORS = "{site_name} redaktörer"
GR_WORKFLOW = "Granskning GR"
GR_REVIEW_TASK = "Granskning av GR-material"
# The workflow Wagtail's own migrations create and attach to the root page,
# its task, and the groups they create with rights over the whole tree.
STOCK_WORKFLOW = "Moderators approval"
STOCK_GROUPS = ("Moderators", "Editors")

# Page permissions on the home page (and its translations) of the group's site.
# No bulk_delete: editors delete one page at a time, never a whole section.
MEMBER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# GR's editors submit to review instead of publishing (with "add" they may
# still delete their own drafts that were never published).
GR_EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock", "unlock")
# Reviewers approve, publish translations and withdraw material; they do not
# create pages. "change" also lets them see the page they just approved.
REVIEWER_PAGE_PERMISSIONS = ("change", "publish", "lock", "unlock")
# Translators change pages (the Swedish ones only to open them: saving a
# Swedish page is refused, pages/permission_hooks.py); they create nothing,
# since wagtail-localize makes the English page when they ask for it.
TRANSLATOR_PAGE_PERMISSIONS = ("change",)
# Permissions earlier versions gave and this model takes away again.
WITHDRAWN_PAGE_PERMISSIONS = {GR_EDITORS: ("publish",)}

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
    "wagtail_localize.submit_translation",
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
# Podcast series and roles are translated as snippets, hence "change".
TRANSLATOR_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "media_library.view_mediafile",
    "pages.change_podcastseries",
    "pages.view_podcastseries",
    "pages.view_role",
    "wagtail_localize.submit_translation",
)

SHARED_ALIAS_MESSAGE = _(
    "Det här materialet delas från Göteborgsregionen och kan bara ändras där. "
    "Du kan dölja det på er webbplats."
)
TRANSLATOR_MESSAGE = _(
    "Som översättare ändrar du inte de svenska sidorna. Välj Översätt den här "
    "sidan i sidans meny för att översätta den till engelska."
)
GR_REVIEW_NOTICE = _(
    "Material från GR granskas innan det publiceras, eftersom det når alla "
    "medlemskommuner. När du är klar väljer du Lämna in till Granskning GR; en "
    "GR-granskare godkänner och publicerar det, och sedan delas det."
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


def _detach_stock_workflow() -> None:
    """Take Wagtail's own "Moderators approval" off the root page.

    Wagtail's migrations attach it to the root, so every member's tree
    inherits it, assigned to the stock "Moderators" group that nobody here is
    in: a member editor's submission would wait for ever. Members publish
    directly; a workflow an administrator attaches to the root, or to a
    member's home page, is left alone.
    """
    WorkflowPage.objects.filter(page__depth=1, workflow__name=STOCK_WORKFLOW).delete()


def retire_stock_setup(apps=None) -> None:
    """Remove what Wagtail's migrations set up for a site of its own and
    nothing here uses: the "Moderators approval" workflow and its task once
    they are attached nowhere and were never used, and the empty stock
    groups "Moderators" and "Editors", whose rights cover all 14 sites'
    trees (adding a user to "Editors" would let them publish on every
    site). They also showed in the Swedish admin under English names.

    Anything in use is left alone: a workflow with history, a task another
    workflow uses, a group with members or an approval task. `apps` is a
    migration's model registry (pages/migrations/0007), the current models
    otherwise.
    """
    if apps is None:
        from django.apps import apps
    model = functools.partial(apps.get_model, "wagtailcore")
    Group = apps.get_model("auth", "Group")
    for workflow in model("Workflow").objects.filter(name=STOCK_WORKFLOW):
        in_use = (
            model("WorkflowPage").objects.filter(workflow=workflow).exists()
            or model("WorkflowContentType").objects.filter(workflow=workflow).exists()
            or model("WorkflowState").objects.filter(workflow=workflow).exists()
        )
        if in_use:
            continue
        task_ids = list(
            model("WorkflowTask")
            .objects.filter(workflow=workflow)
            .values_list("task_id", flat=True)
        )
        workflow.delete()
        for task in model("Task").objects.filter(pk__in=task_ids):
            used = (
                model("WorkflowTask").objects.filter(task=task).exists()
                or model("TaskState").objects.filter(task=task).exists()
            )
            if not used:
                task.delete()
    Group.objects.filter(
        name__in=STOCK_GROUPS,
        user__isnull=True,
        groupapprovaltask__isnull=True,
    ).delete()


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
    workflow, after the editorial model in the module docstring.

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
    _gr_workflow(groups[GR_REVIEWERS], hub_homes)
    _detach_stock_workflow()
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
