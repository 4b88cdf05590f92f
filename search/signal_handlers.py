"""Keep the search index in step with what the public may see."""

from collections.abc import Iterable

from django.contrib import messages
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import HttpRequest
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.models import (
    RESOURCE_MODELS,
    ContentVersion,
    PodcastEpisodePage,
    PodcastSeries,
    Role,
    ThemeHubPage,
    TopicPage,
)
from pages.models.sharing import pages_taken_off_line
from pages.signal_handlers import DRAFT_ONLY_FIELDS

from . import documents, service
from .backends import elasticsearch
from .models import Synonym


def _resource_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    # A draft revision changes only these columns; the public content stays.
    if raw or (update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS):
        return
    documents.update(instance)


def _reindex(page_ids) -> None:
    """Both indexes: ours, and Elasticsearch's when it is configured."""
    page_ids = list(page_ids)
    documents.reindex(page_ids)
    elasticsearch.refresh(page_ids)


def _reindex_subtree(page: Page) -> None:
    elasticsearch.refresh(documents.update_subtree(page))


def _structure_changed(sender, instance, **kwargs):
    # Topic and theme titles are part of every resource's document below them.
    if isinstance(instance, (TopicPage, ThemeHubPage)):
        _reindex_subtree(instance)


def _moved(sender, instance, **kwargs):
    _reindex_subtree(instance)


def _unpublished(sender, instance, **kwargs):
    if isinstance(instance, (TopicPage, ThemeHubPage)):
        _reindex_subtree(instance)


def _page_deleted(sender, instance, **kwargs):
    # Before the database cascades to the document: its words leave the
    # vocabulary with it. Sent for every page of a deleted subtree.
    if issubclass(instance.specific_class or Page, RESOURCE_MODELS):
        documents.remove([instance.pk])


def _taken_off_line(sender, page_ids, **kwargs):
    # Aliases of GR's material, unpublished in one UPDATE (pages/syndication/).
    documents.remove(page_ids)
    elasticsearch.refresh(page_ids)


def _restriction_changed(sender, instance, **kwargs):
    # The restriction reaches the aliases of what it closes, on every site.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _reindex(documents.restriction_reach(page))


def _role_changed(sender, instance, **kwargs):
    _reindex(
        Page.objects.filter(role_links__role=instance).values_list("pk", flat=True)
    )


def _series_changed(sender, instance, **kwargs):
    _reindex(
        PodcastEpisodePage.objects.filter(series=instance).values_list("pk", flat=True)
    )


def _content_changed(**kwargs) -> None:
    ContentVersion.bump()


def _warn_if_synonyms_not_pushed(request: HttpRequest, changed) -> None:
    """After a snippet is saved or deleted in the admin (`changed`: it, or a
    list of them): tell the editor if Elasticsearch did not get the synonyms."""
    snippets = changed if isinstance(changed, Iterable) else [changed]
    is_synonym = any(isinstance(snippet, Synonym) for snippet in snippets)
    if is_synonym and elasticsearch.synonyms_push_failed():
        messages.warning(
            request,
            _(
                "Ändringen är sparad, men sökmotorn (Elasticsearch) kunde inte ta "
                "emot synonymlistan. Sökningen använder den förra listan tills "
                "listan skickas igen: spara en synonym på nytt om en stund."
            ),
        )


def register() -> None:
    for model in RESOURCE_MODELS:
        post_save.connect(
            _resource_saved, sender=model, dispatch_uid=f"search_{model.__name__}"
        )
    page_published.connect(_structure_changed, dispatch_uid="search_structure")
    page_unpublished.connect(_unpublished, dispatch_uid="search_unpublished")
    post_page_move.connect(_moved, dispatch_uid="search_moved")
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="search_deleted")
    pages_taken_off_line.connect(_taken_off_line, dispatch_uid="search_off_line")
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{name}",
        )
    post_save.connect(_role_changed, sender=Role, dispatch_uid="search_role")
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(
            service.forget_synonyms,
            sender=Synonym,
            dispatch_uid=f"search_synonyms_{name}",
        )
        # The editors' list is Elasticsearch's synonyms set when it is used.
        signal.connect(
            elasticsearch.synonyms_changed,
            sender=Synonym,
            dispatch_uid=f"search_synonyms_elasticsearch_{name}",
        )
    # Synonyms and recommendations change what a search answers: its ETag
    # and what the API keeps per content version must change with them.
    for model in (Synonym, Query, SearchPromotion):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                _content_changed,
                sender=model,
                dispatch_uid=f"search_version_{model.__name__}_{name}",
            )
    for hook in ("after_create_snippet", "after_edit_snippet", "after_delete_snippet"):
        hooks.register(hook, _warn_if_synonyms_not_pushed)
    post_save.connect(
        _series_changed, sender=PodcastSeries, dispatch_uid="search_series"
    )
