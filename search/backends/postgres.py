"""Search with PostgreSQL's full-text search over the analysed documents.

The documents' weighted tsvector (title A, summary B, meta C, body D) is
matched with a tsquery of prefixes. ts_rank weighs where a term occurs but
not how rare it is, so each query word's rank is multiplied by its inverse
document frequency in the site (as BM25 does).

Cost: each reference to a document's vector in a query reads and
decompresses it, so a search is one pass over the site's matching
documents plus one, for the document frequencies, that is cached per
content version (a term's frequency changes only when content does). The
vectors are stored in the row, compressed (search/migrations/0003), not
in the TOAST table, which made each read about five times cheaper.

Spelling candidates come from the vocabulary's trigram index (pg_trgm,
search/migrations/0008): words that share enough trigrams with a misspelt
word to be within its edits, of a length that can be.
"""

import hashlib
import math

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from pages.models import ContentVersion

from .base import (
    FACT_COLUMNS,
    NOT_EXPIRED,
    Hit,
    Scope,
    SearchBackend,
    SearchQuery,
    VocabularyWord,
    hits_of_rows,
    known_sql,
)

# ts_rank weights for D (body), C (meta), B (summary), A (title).
WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
# Document frequencies are kept this long at most (and never past a change
# of content: the key holds the content version).
FREQUENCIES_TIMEOUT = 600
# The lowest trigram similarity a spelling candidate is looked for with.
MIN_SIMILARITY = 0.1


def _quote(lexeme: str) -> str:
    # Terms are letters and digits only; quoting keeps tsquery syntax out.
    return "'" + lexeme.replace("'", "").replace("\\", "") + "'"


def _lexeme(term: str) -> str:
    return _quote(term) + ":*"


def tsquery(terms: list[str]) -> str:
    return " | ".join(_lexeme(term) for term in terms)


def trigrams(word: str) -> set[str]:
    """A word's trigrams as pg_trgm counts them: padded with two spaces in
    front and one behind."""
    padded = f"  {word} "
    return {padded[start : start + 3] for start in range(len(padded) - 2)}


def similarity_floor(word: str, edits: int) -> float:
    """The lowest pg_trgm similarity a word within `edits` edits of `word`
    can have.

    An edit changes at most four of a word's trigrams (a swap of two
    neighbours; an insertion, deletion or replacement changes three), so
    such a word shares all but 4 × edits of them, and has at most
    len(word) + edits + 1 of its own. Never below MIN_SIMILARITY: a word
    like "aaaaaa" has too few distinct trigrams to tell anything apart.
    """
    own = len(trigrams(word))
    shared = own - 4 * edits
    most = own + (len(word) + edits + 1) - shared
    return max(MIN_SIMILARITY, shared / most - 0.001)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def frequencies(self, scope: Scope, groups: list[str]) -> tuple[int, list[int]]:
        """(documents in the scope, documents matching each group), cached.

        What is not cached is counted in one query, however many groups.
        """
        version = scope.version
        if version is None:
            version = ContentVersion.current().counter
        prefix = f"search:df:{version}:{scope.root_path}:{scope.language}:"
        keys = {
            key: prefix + hashlib.sha256(key.encode()).hexdigest()
            for key in ["", *groups]
        }
        cached = cache.get_many(list(keys.values()))
        missing = [key for key, cache_key in keys.items() if cache_key not in cached]
        if missing:
            counts = ", ".join(
                "count(*)"
                if not key
                else "count(*) FILTER (WHERE vector @@ to_tsquery('simple', %s))"
                for key in missing
            )
            sql = (
                f"SELECT {counts} FROM search_searchdocument"  # noqa: S608
                " WHERE root_path = %s AND language = %s"
            )
            params = [key for key in missing if key]
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, scope.root_path, scope.language])
                row = cursor.fetchone()
            found = {keys[key]: count for key, count in zip(missing, row, strict=True)}
            cache.set_many(found, timeout=FREQUENCIES_TIMEOUT)
            cached |= found
        return cached[keys[""]], [cached[keys[group]] for group in groups]

    def search(self, query: SearchQuery, scope: Scope, limit: int) -> list[Hit]:
        words = query.all_words
        if not words:
            return []
        # A word's own forms are one group; each compound part is a group of
        # its own, so that a rare part ("valfard") outweighs a common one
        # ("brott") as it would in BM25.
        groups = []
        for word in words:
            groups.append(tsquery(list(word.alternatives)))
            groups += [tsquery([part]) for part in word.parts]
        total, found = self.frequencies(scope, groups)
        # BM25's inverse document frequency, never below zero.
        weights = [math.log(1 + (total - df + 0.5) / (df + 0.5)) for df in found]
        with connection.cursor() as cursor:
            rank = " + ".join(
                f"%s * ts_rank('{WEIGHTS}', vector, to_tsquery('simple', %s))"
                for _ in groups
            )
            # Divided by the logarithm of the document's length, as ts_rank's
            # normalisation 1 does, but from the stored term count: ts_rank
            # counts the vector's positions again for every query word.
            # A document matches when its rank is above zero (ts_rank is 0
            # without a match and every weight is positive): a separate @@
            # test read each vector once more (about 1 ms of 9 for a site's
            # 7,000 documents). OFFSET 0 keeps the rank computed once per
            # row, in the subquery. The site's documents are read through
            # the root_path index, a cost bounded by the site's size; from
            # the GIN index a common prefix ("brott:*") costs far more, as
            # it lists every site's matches.
            sql = f"""
                SELECT page_id, rank / ln(greatest(length, 1) + 1.0::float8)
                    AS score, {FACT_COLUMNS}
                FROM (
                    SELECT page_id, ({rank}) AS rank, length, {FACT_COLUMNS}
                    FROM search_searchdocument
                    WHERE root_path = %s AND language = %s AND {NOT_EXPIRED}
                    OFFSET 0
                ) AS ranked
                WHERE rank > 0
                ORDER BY score DESC, page_id LIMIT %s
            """  # noqa: S608 - only placeholders and constants
            params = [
                value for pair in zip(weights, groups, strict=True) for value in pair
            ]
            params += [scope.root_path, scope.language, timezone.now(), limit]
            cursor.execute(sql, params)
            return hits_of_rows(cursor.fetchall())

    def suggest(self, query: SearchQuery, scope: Scope, limit: int) -> list[int]:
        words = list(query.words)
        if not words:
            return []
        query = " & ".join(f"({tsquery(list(word.alternatives))})" for word in words)
        # The narrow suggestion table (migration 0006) holds a site's rows
        # together in the (root_path, language, length) index, shortest
        # title first: a walk that stops at `limit` matches, and at worst
        # reads the site's few hundred blocks.
        sql = """
            SELECT page_id FROM search_suggestion
            WHERE root_path = %s AND language = %s
              AND ts_match_vq(vector, to_tsquery('simple', %s))
            ORDER BY length, page_id LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [scope.root_path, scope.language, query, limit])
            return [page_id for (page_id,) in cursor.fetchall()]

    def known(self, scope: Scope, prefixes: list[str]) -> set[str]:
        if not prefixes:
            return set()
        # LIKE 'prefix%' is a range of the (root_path, language, word)
        # index, whose pattern operators compare byte by byte whatever the
        # collation (search/models.py). Words are letters, never wildcards.
        params = []
        for prefix in prefixes:
            params += [prefix, scope.root_path, scope.language, prefix + "%"]
        sql = known_sql("word LIKE %s", len(prefixes))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {prefix for (prefix,) in cursor.fetchall()}

    def candidates(self, scope: Scope, words: dict[str, int]) -> list[VocabularyWord]:
        if not words:
            return []
        # `%` finds words at least as similar as pg_trgm.similarity_threshold,
        # set for this transaction only: the lowest any candidate can have.
        threshold = min(similarity_floor(word, edits) for word, edits in words.items())
        select = """
            SELECT word, display, documents, titles FROM search_searchword
            WHERE root_path = %s AND language = %s AND word %% %s
              AND length(word) BETWEEN %s AND %s
        """
        sql = " UNION ".join([select] * len(words))
        params = []
        for word, edits in words.items():
            params += [scope.root_path, scope.language, word]
            params += [len(word) - edits, len(word) + edits]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(threshold)],
            )
            cursor.execute(sql, params)
            return [VocabularyWord(*row) for row in cursor.fetchall()]
