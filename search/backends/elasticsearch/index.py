"""The public index: Wagtail's Elasticsearch 9 backend, for public resources only.

Wagtail keeps it current as pages are saved, published, unpublished and
deleted, and fills it with `manage.py update_index`; refresh catches up with
pages changed without a save of their own. Which resource the public may
see is search/documents.py's to say: this is the only module that asks it.
"""

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from wagtail.models import Page

from modelsearch.backends.base import BaseIndex, get_model_root
from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9Index,
    Elasticsearch9SearchBackend,
)

from pages.models import RESOURCE_MODELS

from ...documents import indexed_rule, is_indexed
from ...elasticsearch import DEFAULT_INDEX, PUBLIC_BACKEND, synonyms_set_name
from .connection import ERRORS, public_backend
from .synonyms import push_synonyms

# One logger for every part of the backend: "search.backends.elasticsearch".
logger = logging.getLogger(__package__)


def is_resource_model(model: type) -> bool:
    return issubclass(model, RESOURCE_MODELS)


class PublicIndex(Elasticsearch9Index):
    """Wagtail's page index, for public resources only."""

    def put(self) -> None:
        # The index's synonym filter refers to the synonyms set, which must
        # exist before the index does (else its shards do not start).
        push_synonyms(self.backend)
        super().put()

    def add_model(self, model) -> None:
        # Only resources are indexed: no mapping for the other page types.
        if is_resource_model(model):
            super().add_model(model)

    def add_item(self, item) -> None:
        self.add_items(type(item), [item])

    def add_items(self, model, items) -> None:
        """Index the resources some reader may see among `items`; remove the others."""
        if not is_resource_model(model):
            return
        rule = indexed_rule()
        public, hidden = [], []
        for item in items:
            (public if is_indexed(item, rule) else hidden).append(item)
        # The index name is an alias once update_index has built the index
        # (atomic rebuilds). Before, writing to the name would make
        # Elasticsearch create an index with guessed mappings, without the
        # Swedish analysis; a rebuild writes to its new index by its own name.
        require_alias = (
            self.backend.atomic_rebuild and self.name == self.backend.index_name
        )
        if public:
            mapping = self.mapping_class(model)
            self.backend.bulk(
                self.es,
                [
                    {"_id": mapping.get_document_id(item), **mapping.get_document(item)}
                    for item in public
                ],
                index=self.name,
                require_alias=require_alias,
            )
        if hidden:
            self.backend.bulk(
                self.es,
                [{"_op_type": "delete", "_id": str(item.pk)} for item in hidden],
                index=self.name,
                require_alias=require_alias,
                # Removing what is not there is no error: most never was.
                ignore_status=(404,),
            )


class SkippedIndex(BaseIndex):
    """Where Wagtail's other indexed models (images, documents, …) go: nowhere."""

    def get_key(self) -> str:
        return "not indexed"

    def __str__(self) -> str:
        return "(not indexed: only public resources are)"


class SkippedRebuilder:
    """Wagtail's index rebuilder interface, for the index that is not there."""

    def __init__(self, index: SkippedIndex) -> None:
        self.index = index

    def start(self) -> SkippedIndex:
        return self.index

    def finish(self) -> None:
        pass


def _rebuilder(rebuilder_class: Callable[[BaseIndex], Any], index: BaseIndex) -> Any:
    """Wagtail's rebuilder for the resource index, none for the skipped one."""
    if isinstance(index, SkippedIndex):
        return SkippedRebuilder(index)
    return rebuilder_class(index)


class PublicElasticsearchBackend(Elasticsearch9SearchBackend):
    """Wagtail's Elasticsearch 9 backend, holding public resources in one index.

    Options beside Wagtail's: INDEX, the index name (an alias once rebuilt
    atomically), and SYNONYMS_SET, the synonyms set its search analyzers use.
    """

    index_class = PublicIndex

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        self.index_name: str = params.pop("INDEX", DEFAULT_INDEX)
        self.atomic_rebuild: bool = params.get("ATOMIC_REBUILD", True)
        self.synonyms_set: str = params.pop(
            "SYNONYMS_SET", synonyms_set_name(self.index_name)
        )
        super().__init__(params)
        self.rebuilder_class = functools.partial(_rebuilder, self.rebuilder_class)

    def get_index_for_model(self, model) -> BaseIndex:
        if issubclass(get_model_root(model), Page):
            return self.index_class(self, self.index_name)
        return SkippedIndex(self)


def refresh(page_ids: Iterable[int]) -> None:
    """Bring the public index up to date for pages changed without a save of
    their own (a renamed topic or role, a new view restriction, material
    taken off line in bulk): public ones are indexed, the others removed.

    Nothing when Elasticsearch is not configured. A failure is logged, never
    raised: the change that caused it stands, and the API's visibility
    rules keep anything stale from being shown; update_index catches up.
    """
    if PUBLIC_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
        return
    ids_by_model: dict[type, list[int]] = {}
    for page in Page.objects.filter(pk__in=list(page_ids)).only("content_type"):
        if is_resource_model(page.specific_class):
            ids_by_model.setdefault(page.specific_class, []).append(page.pk)
    gone = set(page_ids) - {pk for ids in ids_by_model.values() for pk in ids}
    try:
        backend = public_backend()
        for model, ids in ids_by_model.items():
            backend.add_bulk(
                model, list(model.get_indexed_objects().filter(pk__in=ids))
            )
        for page_id in gone:
            backend.delete(Page(pk=page_id))
    except ERRORS:
        logger.exception("Updating the Elasticsearch index failed")
