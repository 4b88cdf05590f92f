"""Keep ContentVersion in step with everything the public API and site show."""

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from media_library.models import (
    CustomDocument,
    CustomImage,
    MediaCaption,
    MediaFile,
)

from . import syndication
from .models import ContentVersion, PodcastSeries, Role, SiteProfile

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
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    ContentVersion.bump()


def _bump_for_page_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        ContentVersion.bump()


def _share_on_publish(sender, instance, alias=False, **kwargs) -> None:
    # Alias updates are Wagtail's own echo of a publish: nothing to decide.
    if not alias and syndication.is_shareable(instance):
        syndication.sync(instance, user=kwargs.get("user"))


def _share_on_move(sender, instance, **kwargs) -> None:
    if syndication.is_shareable(instance):
        syndication.sync(instance)


def _delete_aliases_with_original(sender, instance, **kwargs) -> None:
    # Wagtail would turn orphaned aliases into independent copies (alias_of
    # is SET_NULL); shared material must disappear with its original.
    if isinstance(instance, Page) and instance.pk and not instance.alias_of_id:
        syndication.delete_aliases(instance)


def register() -> None:
    page_published.connect(_share_on_publish, dispatch_uid="share_on_publish")
    post_page_move.connect(_share_on_move, dispatch_uid="share_on_move")
    pre_delete.connect(_delete_aliases_with_original, dispatch_uid="delete_aliases")
    page_published.connect(_bump, dispatch_uid="content_version_published")
    page_unpublished.connect(_bump, dispatch_uid="content_version_unpublished")
    post_page_move.connect(_bump, dispatch_uid="content_version_moved")
    post_save.connect(_bump_for_page_save, dispatch_uid="content_version_page_save")
    post_delete.connect(
        _bump_for_page_delete, dispatch_uid="content_version_page_delete"
    )
    for model in PUBLIC_MODELS:
        post_save.connect(
            _bump, sender=model, dispatch_uid=f"content_version_save_{model.__name__}"
        )
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"content_version_delete_{model.__name__}"
        )
