"""Synonyms: the editors' list as an Elasticsearch synonyms set.

The public index's search analyzers use the set (search/elasticsearch.py);
a changed list is pushed once the change is committed and applies to the
next search, without reindexing.
"""

import logging
import re
from collections.abc import Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from ...models import Synonym
from .connection import public_backend

if TYPE_CHECKING:
    from .index import PublicElasticsearchBackend

# One logger for every part of the backend: "search.backends.elasticsearch".
logger = logging.getLogger(__package__)

# Characters of the synonym rule syntax (Solr's): "=>" maps one way, "\" escapes.
RULE_SYNTAX = re.compile(r"=>|\\")
_synonyms_push_failed: ContextVar[bool] = ContextVar(
    "synonyms_push_failed", default=False
)


def synonym_rules(synonyms: Iterable[Synonym]) -> list[dict[str, str]]:
    """The synonyms set's rules: one "a, b, c" per synonym with two terms or more."""
    rules = []
    for synonym in synonyms:
        terms = [
            " ".join(RULE_SYNTAX.sub(" ", term).split()) for term in synonym.term_list()
        ]
        terms = [term for term in terms if term]
        if len(terms) >= 2:
            rules.append({"id": f"synonym-{synonym.pk}", "synonyms": ", ".join(terms)})
    return rules


def push_synonyms(backend: "PublicElasticsearchBackend | None" = None) -> None:
    """Replace the synonyms set with the editors' whole list.

    Elasticsearch reloads the search analyzers that use it: the change
    applies to the next search, without reindexing.
    """
    backend = backend or public_backend()
    backend.es.synonyms.put_synonym(
        id=backend.synonyms_set,
        synonyms_set=synonym_rules(Synonym.objects.order_by("pk")),
    )


def _push_synonyms_or_log() -> None:
    try:
        push_synonyms()
    except Exception:
        # The editor's change is saved; the set catches up at the next save
        # or update_index. The admin tells the editor (synonyms_push_failed).
        logger.exception("Pushing the synonyms to Elasticsearch failed")
        _synonyms_push_failed.set(True)
    else:
        _synonyms_push_failed.set(False)


def synonyms_changed(**kwargs) -> None:
    """A synonym was saved or deleted: push the list once the change is committed."""
    if settings.ELASTICSEARCH_URL:
        transaction.on_commit(_push_synonyms_or_log)


def synonyms_push_failed() -> bool:
    """Whether the last push in this request failed (and forget it)."""
    failed = _synonyms_push_failed.get()
    _synonyms_push_failed.set(False)
    return failed
