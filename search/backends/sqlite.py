"""Search with SQLite's FTS5 over the analysed documents (development).

Spelling candidates come from the vocabulary's deletion neighbourhood
(search/migrations/0008): a word is stored with every way of deleting one
of its letters (two for longer words), so the words within a misspelt
word's edits are those that share one of its own deletions.
"""

from django.db import connection
from django.utils import timezone

from ..analysis import QueryWord
from ..edits import deletions
from .base import (
    FACT_COLUMNS,
    NOT_EXPIRED,
    Hit,
    Scope,
    SearchBackend,
    SearchQuery,
    VocabularyWord,
    group_terms,
    hits_of_rows,
    known_sql,
)

# bm25() weights of the FTS5 columns: title, summary, meta, body, suggest.
WEIGHTS = (10.0, 5.0, 2.5, 1.0, 0.0)


def _quoted(term: str) -> str:
    # Terms are letters and digits only (search/analysis.py); quoting makes
    # FTS5 read even a term like "or" or "near" as a word, never as syntax.
    return '"' + term.replace('"', "") + '"'


def match_expression(words: list[QueryWord], column: str | None = None) -> str:
    """An FTS5 query: any form or part of any word, each as a prefix."""
    groups = [
        "(" + " OR ".join(f"{_quoted(term)}*" for term in group_terms(word)) + ")"
        for word in words
    ]
    expression = " OR ".join(groups)
    return f"{column} : ({expression})" if column else expression


class SQLiteBackend(SearchBackend):
    name = "sqlite"

    def search(self, query: SearchQuery, scope: Scope, limit: int) -> list[Hit]:
        words = query.all_words
        if not words:
            return []
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        # bm25() is negative, more negative for better matches.
        sql = f"""
            SELECT d.page_id, -bm25(search_fts, {weights}) AS score, {FACT_COLUMNS}
            FROM search_fts
            JOIN search_searchdocument d ON d.page_id = search_fts.rowid
            WHERE search_fts MATCH %s AND d.root_path = %s AND d.language = %s
              AND {NOT_EXPIRED}
            ORDER BY score DESC LIMIT %s
        """  # noqa: S608 - the only interpolated values are constants
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [match_expression(words), scope.root_path, scope.language, now, limit],
            )
            return hits_of_rows(cursor.fetchall())

    def suggest(self, query: SearchQuery, scope: Scope, limit: int) -> list[int]:
        words = list(query.words)
        if not words:
            return []
        groups = [
            "(" + " OR ".join(f"{_quoted(term)}*" for term in word.alternatives) + ")"
            for word in words
        ]
        sql = """
            SELECT d.page_id
            FROM search_fts
            JOIN search_searchdocument d ON d.page_id = search_fts.rowid
            WHERE search_fts MATCH %s AND d.root_path = %s AND d.language = %s
            ORDER BY bm25(search_fts), length(d.suggest) LIMIT %s
        """
        expression = "suggest : (" + " AND ".join(groups) + ")"
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, scope.root_path, scope.language, limit])
            return [page_id for (page_id,) in cursor.fetchall()]

    def known(self, scope: Scope, prefixes: list[str]) -> set[str]:
        if not prefixes:
            return set()
        # A range of the (root_path, language, word) index: SQLite compares
        # text byte by byte, so the words beginning with a prefix are those
        # from it up to, not including, the prefix with its last letter
        # moved one on.
        params = []
        for prefix in prefixes:
            after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            params += [prefix, scope.root_path, scope.language, prefix, after]
        sql = known_sql("word >= %s AND word < %s", len(prefixes))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {prefix for (prefix,) in cursor.fetchall()}

    def candidates(self, scope: Scope, words: dict[str, int]) -> list[VocabularyWord]:
        variants = sorted(
            {
                variant
                for word, edits in words.items()
                for variant in deletions(word, edits)
            }
        )
        if not variants:
            return []
        marks = ", ".join(["%s"] * len(variants))
        # The variants are every site's: CROSS JOIN keeps SQLite reading
        # them first, then the scope's words among them, instead of each of
        # the scope's words (ten thousands) and their variants.
        sql = f"""
            SELECT DISTINCT w.word, w.display, w.documents, w.titles
            FROM search_wordvariant v
            CROSS JOIN search_searchword w
              ON w.root_path = %s AND w.language = %s AND w.word = v.word
            WHERE v.variant IN ({marks})
        """  # noqa: S608 - only placeholders
        with connection.cursor() as cursor:
            cursor.execute(sql, [scope.root_path, scope.language, *variants])
            return [VocabularyWord(*row) for row in cursor.fetchall()]
