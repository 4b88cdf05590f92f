"""Swedish search quality on the active backend, against the relevance set.

The editors' synonym list is empty here: the figures come from the analysis
alone (stemming, folding, compounds), not from synonyms made for these
queries.
"""

import sys

import pytest

from search.backends import get_backend
from search.models import Synonym
from tests.search.relevance import build_site, load, load_documents, run_queries

RECALL_TARGET = 0.90
MRR_TARGET = 0.80


@pytest.mark.django_db
def test_relevance_meets_the_targets_without_synonyms(client, capsys):
    assert not Synonym.objects.exists()
    corpus = load()
    pages = load_documents(build_site(), corpus["documents"])
    scores = run_queries(client, pages, corpus["queries"], get_backend().name)
    report = scores.report()
    with capsys.disabled():
        sys.stdout.write(f"\n{report}\n")
    assert scores.recall_at_5 >= RECALL_TARGET, report
    assert scores.mrr >= MRR_TARGET, report
