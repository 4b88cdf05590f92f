"""Keep ContentVersion in step with everything the public API and site show."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from media_library.models import (
    CustomDocument,
    CustomImage,
    CustomRendition,
    MediaCaption,
    MediaFile,
)

from . import syndication
from .models import ContentVersion, PodcastSeries, Role, SiteProfile
from .models.sharing import forget_hub_home_paths, shared_page_withdrawn
from .permissions import ensure_member_group

# Home pages (in every locale) sit at this depth, right under the tree root.
HOME_DEPTH = 2

# Saving a draft revision updates only these columns of the page row; the
# published content, which is all the public sees, is untouched.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)

# Models whose rows appear in public responses (besides pages).
PUBLIC_MODELS = (
    PageViewRestriction,
    Site,
    SiteProfile,
    Locale,
    Role,
    PodcastSeries,
    CustomImage,
    CustomDocument,
    MediaFile,
    MediaCaption,
)


def _bump(**kwargs) -> None:
    ContentVersion.bump()


def _bump_for_page_save(sender, instance, update_fields=None, **kwargs) -> None:
    if not isinstance(instance, Page):
        return
    if instance.depth == HOME_DEPTH:
        forget_hub_home_paths()
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    ContentVersion.bump()


def _bump_for_page_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        if instance.depth == HOME_DEPTH:
            forget_hub_home_paths()
        ContentVersion.bump()


def _share_on_publish(sender, instance, alias=False, **kwargs) -> None:
    # Alias updates are the fan-out's own echo of a publish: nothing to decide.
    if not alias and syndication.needs_fan_out(instance):
        syndication.request_sync(instance)


def _share_on_move(sender, instance, **kwargs) -> None:
    if syndication.needs_fan_out(instance):
        syndication.request_sync(instance)


def _withdraw_aliases(sender, instance, **kwargs) -> None:
    syndication.withdraw_aliases(instance)


def _delete_aliases_with_original(sender, instance, **kwargs) -> None:
    # Wagtail would turn orphaned aliases into independent copies (alias_of
    # is SET_NULL); shared material must disappear with its original.
    if isinstance(instance, Page) and instance.pk and not instance.alias_of_id:
        syndication.delete_aliases(instance)


def _editors_for_new_member(sender, instance, **kwargs) -> None:
    """A member site added later gets its editor group at once, as the 13 have.

    Runs when the profile is saved with its slug (Settings → Webbplatsprofil),
    after the transaction, so a failure here cannot undo the profile.
    """
    if instance.slug and not instance.is_hub:
        transaction.on_commit(lambda: ensure_member_group(instance))


def register() -> None:
    post_save.connect(
        _editors_for_new_member, sender=SiteProfile, dispatch_uid="member_editors"
    )
    page_published.connect(_share_on_publish, dispatch_uid="share_on_publish")
    post_page_move.connect(_share_on_move, dispatch_uid="share_on_move")
    pre_delete.connect(_delete_aliases_with_original, dispatch_uid="delete_aliases")
    shared_page_withdrawn.connect(_withdraw_aliases, dispatch_uid="withdraw_aliases")
    page_published.connect(_bump, dispatch_uid="content_version_published")
    page_unpublished.connect(_bump, dispatch_uid="content_version_unpublished")
    post_page_move.connect(_bump, dispatch_uid="content_version_moved")
    post_save.connect(_bump_for_page_save, dispatch_uid="content_version_page_save")
    post_delete.connect(
        _bump_for_page_delete, dispatch_uid="content_version_page_delete"
    )
    for model in (Site, SiteProfile):
        name = model.__name__
        post_save.connect(
            forget_hub_home_paths, sender=model, dispatch_uid=f"hub_paths_save_{name}"
        )
        post_delete.connect(
            forget_hub_home_paths, sender=model, dispatch_uid=f"hub_paths_delete_{name}"
        )
    for model in PUBLIC_MODELS:
        post_save.connect(
            _bump, sender=model, dispatch_uid=f"content_version_save_{model.__name__}"
        )
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"content_version_delete_{model.__name__}"
        )
    # Renditions are made while pages are read, which changes nothing the
    # public sees; one deleted (a purge, an image's new focal point) changes
    # the image addresses the API gives (and pages/delivery/summaries.py keeps).
    post_delete.connect(
        _bump, sender=CustomRendition, dispatch_uid="content_version_delete_rendition"
    )
