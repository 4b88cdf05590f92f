"""Misspelt queries find their material: the typo set, on the active backend.

Runs on SQLite, and on PostgreSQL in the PostgreSQL pass (DATABASE_URL):
the same queries through /api/v1/search/, scored as the relevance set is.
"""

import sys

import pytest

from search.backends import get_backend
from search.models import Synonym
from tests.search.relevance import (
    TYPOS,
    build_site,
    load,
    load_documents,
    run_queries,
)

RECALL_TARGET = 0.90


@pytest.mark.django_db
def test_misspelt_queries_find_their_material_and_spelt_ones_lose_nothing(
    client, capsys
):
    assert not Synonym.objects.exists()
    corpus, typos = load(), load(TYPOS)
    pages = load_documents(build_site(), corpus["documents"] + typos["documents"])
    backend = get_backend().name
    misspelt = run_queries(client, pages, typos["queries"], backend)
    spelt = run_queries(client, pages, corpus["queries"], backend)
    as_typed = run_queries(client, pages, corpus["queries"], backend, exact="true")
    report = "\n".join(
        [
            misspelt.report().replace("Relevance", "Typos"),
            spelt.report(),
            as_typed.report().replace("Relevance", "Relevance, exact=true"),
        ]
    )
    with capsys.disabled():
        sys.stdout.write(f"\n{report}\n")
    assert len(typos["queries"]) >= 30
    assert misspelt.recall_at_5 >= RECALL_TARGET, report
    assert spelt.recall_at_5 >= as_typed.recall_at_5, report
    assert spelt.mrr >= as_typed.mrr, report
