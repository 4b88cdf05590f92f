"""PostgreSQL: suggestions read from a narrow table of their own.

An autocomplete request matched the typed prefixes against the suggestion
vector in search_searchdocument, whose rows (about 3 kB: the analysed
texts, the weighted vector, the excerpt source) put two or three
documents in each 8 kB block. "trygg" among a site's 7,000 documents of
100,000 visited about 1,000 blocks: 18 ms. The suggestion vectors now sit
in search_suggestion, about 100 bytes a row, kept in step with the
documents by triggers as the FTS5 table is on SQLite (0002). The same
request reads 300 blocks of it: 2 to 3 ms. The old column and its GIN
index go; the site's rows are found through (root_path, language).

TRUNCATE (Django's flush between transactional tests) fires no row
triggers, so a statement trigger empties the suggestions with it.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS search_document_suggest",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS suggest_vector",
    """CREATE TABLE search_suggestion (
        page_id integer PRIMARY KEY,
        root_path varchar(255) NOT NULL,
        language varchar(8) NOT NULL,
        length integer NOT NULL,
        vector tsvector NOT NULL
    )""",
    """CREATE INDEX search_suggestion_scope
        ON search_suggestion (root_path, language, length, page_id)""",
    """CREATE FUNCTION search_suggestion_write() RETURNS trigger AS $$
    BEGIN
        INSERT INTO search_suggestion (page_id, root_path, language, length, vector)
        VALUES (NEW.page_id, NEW.root_path, NEW.language, length(NEW.suggest),
                to_tsvector('simple', NEW.suggest))
        ON CONFLICT (page_id) DO UPDATE SET
            root_path = EXCLUDED.root_path, language = EXCLUDED.language,
            length = EXCLUDED.length, vector = EXCLUDED.vector;
        IF TG_OP = 'UPDATE' AND OLD.page_id <> NEW.page_id THEN
            DELETE FROM search_suggestion WHERE page_id = OLD.page_id;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION search_suggestion_delete() RETURNS trigger AS $$
    BEGIN
        DELETE FROM search_suggestion WHERE page_id = OLD.page_id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION search_suggestion_truncate() RETURNS trigger AS $$
    BEGIN
        TRUNCATE search_suggestion;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER search_suggestion_write
        AFTER INSERT OR UPDATE OF page_id, root_path, language, suggest
        ON search_searchdocument
        FOR EACH ROW EXECUTE FUNCTION search_suggestion_write()""",
    """CREATE TRIGGER search_suggestion_delete
        AFTER DELETE ON search_searchdocument
        FOR EACH ROW EXECUTE FUNCTION search_suggestion_delete()""",
    """CREATE TRIGGER search_suggestion_truncate
        AFTER TRUNCATE ON search_searchdocument
        FOR EACH STATEMENT EXECUTE FUNCTION search_suggestion_truncate()""",
    """INSERT INTO search_suggestion (page_id, root_path, language, length, vector)
        SELECT page_id, root_path, language, length(suggest),
               to_tsvector('simple', suggest)
        FROM search_searchdocument""",
    "ANALYZE search_suggestion",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS search_suggestion_write ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_suggestion_delete ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_suggestion_truncate ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_suggestion_write()",
    "DROP FUNCTION IF EXISTS search_suggestion_delete()",
    "DROP FUNCTION IF EXISTS search_suggestion_truncate()",
    "DROP TABLE IF EXISTS search_suggestion",
    # As migration 0004 left it.
    """ALTER TABLE search_searchdocument ADD COLUMN suggest_vector tsvector
        GENERATED ALWAYS AS (
            to_tsvector('simple', suggest)
            || array_to_tsvector(ARRAY['~' || root_path || '~' || language])
        ) STORED""",
    """CREATE INDEX search_document_suggest ON search_searchdocument
        USING GIN (suggest_vector)""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_match_fields")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
