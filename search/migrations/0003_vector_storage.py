"""PostgreSQL: keep the search vectors in the row, compressed.

A document's tsvector is a few kilobytes, so PostgreSQL's default moved it
to the TOAST table, and every reference to it in a search read it back
from there: at 7,000 documents in a site that was most of a search's time.
With storage MAIN it stays in the row (still compressed; only a vector too
large for a page goes out of line). Existing rows are rewritten once, by
updating a column the vector is generated from.
"""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE MAIN",
    "UPDATE search_searchdocument SET title = title",
]
POSTGRES_REVERSE = [
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
