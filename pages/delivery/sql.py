"""Small query pieces the delivery layer's queries share."""

import json

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL


def under(path: str) -> Q:
    """Pages in the subtree at `path` (itself included), as an index range.

    Equivalent to path__startswith, but a range on the indexed path column
    can use the index on SQLite and PostgreSQL, where LIKE 'prefix%' cannot
    (SQLite's LIKE is case-insensitive; PostgreSQL's collation is not C).
    Tree paths only use the characters 0-9 and A-Z.
    """
    return Q(path__gte=path, path__lte=path + "Z" * (255 - len(path)))


def id_list(ids: list[int]) -> RawSQL:
    """A subquery of `ids`, sent as one JSON parameter instead of a
    placeholder per id: for the 1,000 ids of a search, Django and the
    driver spend several milliseconds on the placeholders alone."""
    if connection.vendor == "postgresql":
        sql = "SELECT jsonb_array_elements_text(%s::jsonb)::integer"
    else:
        sql = "SELECT value FROM json_each(%s)"
    return RawSQL(sql, [json.dumps(ids)])  # noqa: S611 - constant SQL, one bound parameter
