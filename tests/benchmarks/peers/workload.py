"""The mixed workload: what staff ask, drawn so that a few questions are
asked often and many rarely (a Zipf-like distribution), the same for every
peer.

Lists: one or two job roles with the material for all staff (the question
the staff site asks for a chosen role), sometimes narrowed to a theme, a
topic or a kind, mostly the first page, sometimes a later one. Searches: a
list of realistic Swedish queries of the field, kept to those with hits in
the data.
"""

import random
from collections.abc import Sequence

from tests.benchmarks.peers.common import PAGE_SIZE, Query, Record

ALL_STAFF = "alla-medarbetare"
# Distinct questions of each kind, before the skewed draw.
DISTINCT_LISTS = 400
# Zipf's exponent: the most common question is asked about twice as often as
# the second, ten times as often as the tenth.
ZIPF_S = 1.0
# What staff type into a search box (words and phrases of the field).
SEARCHES = (
    "upphandling",
    "trygghet",
    "brott",
    "våld",
    "hot",
    "samverkan",
    "skola",
    "ungdomar",
    "organiserad brottslighet",
    "lägesbild",
    "trygghetsvandring",
    "mutor",
    "korruption",
    "välfärdsbrott",
    "avhopp",
    "brottsoffer",
    "otillåten påverkan",
    "socialtjänst",
    "bostadsbolag",
    "polisen",
    "föreningar",
    "leverantörer",
    "kontroll",
    "näringsliv",
    "förebyggande arbete",
    "våld i nära relationer",
    "klotter",
    "skadegörelse",
    "stöd",
    "medarbetare",
)


def zipf_draw(rng: random.Random, pool: Sequence[Query], count: int) -> list[Query]:
    weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(pool))]
    return rng.choices(pool, weights, k=count)


def _offset(rng: random.Random, matches: int) -> int:
    """Mostly the first page; a later one a third of the time, within range."""
    pages = max(1, (matches + PAGE_SIZE - 1) // PAGE_SIZE)
    if pages == 1 or rng.random() < 0.67:
        return 0
    return PAGE_SIZE * min(pages - 1, int(rng.expovariate(0.5)) + 1)


def list_pool(records: list[Record], rng: random.Random) -> list[Query]:
    """DISTINCT_LISTS list questions, each with at least one match."""
    roles = sorted({r for record in records for r in record.roles} - {ALL_STAFF})
    topics = sorted({(record.theme, record.topic) for record in records})
    themes = sorted({theme for theme, _ in topics})
    kinds = sorted({record.kind for record in records})
    pool: dict[Query, None] = {}
    attempts = 0
    while len(pool) < DISTINCT_LISTS and attempts < 50 * DISTINCT_LISTS:
        attempts += 1
        chosen = tuple(sorted(rng.sample(roles, rng.choice((1, 1, 2)))))
        theme = topic = kind = None
        draw = rng.random()
        if draw < 0.15:
            theme, topic = rng.choice(topics)
        elif draw < 0.40:
            theme = rng.choice(themes)
        if rng.random() < 0.25:
            kind = rng.choice(kinds)
        question = Query(
            "list", roles=(*chosen, ALL_STAFF), theme=theme, topic=topic, kind=kind
        )
        found = len(matching(records, question))
        if not found:
            continue
        pool[
            Query(
                "list",
                roles=question.roles,
                theme=theme,
                topic=topic,
                kind=kind,
                offset=_offset(rng, found),
            )
        ] = None
    return list(pool)


def matching(records: list[Record], query: Query) -> list[Record]:
    """The records a list question matches, computed from the records."""
    wanted = set(query.roles)
    return [
        record
        for record in records
        if wanted.intersection(record.roles)
        and query.theme in (None, record.theme)
        and query.topic in (None, record.topic)
        and query.kind in (None, record.kind)
    ]


def search_pool(rng: random.Random, searches: Sequence[str] = SEARCHES) -> list[Query]:
    """The searches in a fixed random order of popularity, mostly page one."""
    ordered = list(searches)
    rng.shuffle(ordered)
    return [
        Query("search", q=q, offset=PAGE_SIZE if rng.random() < 0.15 else 0)
        for q in ordered
    ]


def with_facets(queries: list[Query]) -> list[Query]:
    return [
        Query(
            "list",
            roles=q.roles,
            theme=q.theme,
            topic=q.topic,
            kind=q.kind,
            offset=q.offset,
            facets=True,
        )
        for q in queries
    ]
