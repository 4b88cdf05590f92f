"""Search with PostgreSQL's full-text search over the analysed documents.

The documents' weighted tsvector (title A, summary B, meta C, body D) is
matched with a tsquery of prefixes. ts_rank weighs where a term occurs but
not how rare it is, so each query word's rank is multiplied by its inverse
document frequency in the site (as BM25 does), counted with the GIN index.
"""

import math

from django.db import connection

from .base import Hit, Scope, SearchBackend, SearchQuery

# ts_rank weights for D (body), C (meta), B (summary), A (title).
WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"


def _lexeme(term: str) -> str:
    # Terms are letters and digits only; quoting keeps tsquery syntax out.
    return "'" + term.replace("'", "").replace("\\", "") + "':*"


def tsquery(terms: list[str]) -> str:
    return " | ".join(_lexeme(term) for term in terms)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def _count(self, cursor, scope: Scope, query: str | None) -> int:
        sql = (
            "SELECT count(*) FROM search_searchdocument"
            " WHERE root_path = %s AND language = %s"
        )
        params = [scope.root_path, scope.language]
        if query is not None:
            sql += " AND vector @@ to_tsquery('simple', %s)"
            params.append(query)
        cursor.execute(sql, params)
        return cursor.fetchone()[0]

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
        with connection.cursor() as cursor:
            total = self._count(cursor, scope, None)
            weights = []
            for group in groups:
                found = self._count(cursor, scope, group)
                # BM25's inverse document frequency, never below zero.
                weights.append(math.log(1 + (total - found + 0.5) / (found + 0.5)))
            rank = " + ".join(
                f"%s * ts_rank('{WEIGHTS}', vector, to_tsquery('simple', %s), 1)"
                for _ in groups
            )
            sql = f"""
                SELECT page_id, {rank} AS score
                FROM search_searchdocument
                WHERE root_path = %s AND language = %s
                  AND vector @@ to_tsquery('simple', %s)
                ORDER BY score DESC, page_id LIMIT %s
            """  # noqa: S608 - only placeholders and the constant weights
            params = [
                value for pair in zip(weights, groups, strict=True) for value in pair
            ]
            params += [scope.root_path, scope.language]
            params += [" | ".join(f"({group})" for group in groups), limit]
            cursor.execute(sql, params)
            return [Hit(page_id, float(score)) for page_id, score in cursor.fetchall()]

    def suggest(self, query: SearchQuery, scope: Scope, limit: int) -> list[int]:
        words = list(query.words)
        if not words:
            return []
        query = " & ".join(f"({tsquery(list(word.alternatives))})" for word in words)
        sql = """
            SELECT page_id FROM search_searchdocument
            WHERE root_path = %s AND language = %s
              AND suggest_vector @@ to_tsquery('simple', %s)
            ORDER BY length(suggest), page_id LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [scope.root_path, scope.language, query, limit])
            return [page_id for (page_id,) in cursor.fetchall()]
