"""The database's own full-text structure over SearchDocument's analysed terms.

SQLite: an FTS5 table with the document's text columns (external content,
kept in step by triggers) and prefix indexes for prefix queries.
PostgreSQL: weighted tsvector columns generated from the same columns
(title A, summary B, meta C, body D; "simple" configuration, since the terms
are analysed already) with GIN indexes.
"""

from django.db import migrations

COLUMNS = "title, summary, meta, body, suggest"
NEW = ", ".join(f"new.{column}" for column in COLUMNS.split(", "))
OLD = ", ".join(f"old.{column}" for column in COLUMNS.split(", "))

SQLITE = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS},
        content='search_searchdocument', content_rowid='page_id',
        tokenize='unicode61', prefix='2 3 4')""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW});
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.page_id, {OLD});
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.page_id, {OLD});
        INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW});
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES = [
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title), 'A')
            || setweight(to_tsvector('simple', summary), 'B')
            || setweight(to_tsvector('simple', meta), 'C')
            || setweight(to_tsvector('simple', body), 'D')
        ) STORED""",
    """ALTER TABLE search_searchdocument ADD COLUMN suggest_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', suggest)) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING GIN (vector)",
    """CREATE INDEX search_document_suggest ON search_searchdocument
        USING GIN (suggest_vector)""",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_suggest",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS suggest_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
