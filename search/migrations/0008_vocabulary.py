"""The vocabulary of each site's public text, for spelling corrections.

`SearchWord` holds the words (search/vocabulary.py); each document keeps
what it added (`SearchDocument.words`). Candidates for a misspelt word are
found by each database in its own way (search/backends/):

- PostgreSQL: the `pg_trgm` extension and a GIN trigram index over the
  words, not over the documents. The index also holds each word's site
  and language (with `btree_gin`), so that a search for candidates reads
  only the site's entries: over the words alone it read every site's
  (10 to 30 ms among 420,000 words of 14 sites, against 1 to 2). Both
  extensions are trusted: the database's owner may create them.
- SQLite: a deletion neighbourhood (SymSpell): each word with every way of
  deleting one of its letters, and two for words of ten letters or more,
  kept in step with the words by triggers. A misspelt word's own deletions
  (two from ten letters, where two edits are allowed) meet those of every
  word within its edits: an insertion, a deletion, a replacement or a swap
  of two neighbours each come down to one deletion on one side or both. A
  shorter word needs only one: if it is two edits from a word of ten
  letters or more, one of the edits is a letter it lacks, which the longer
  word deletes. The deletions are computed in SQL from a table of letter
  positions, so the triggers need nothing from Python.

On SQLite, adding a column with a default rebuilds the documents' table,
and the triggers that keep the FTS5 table in step (0002, 0005) go with the
old one: they are created again, and the FTS5 table rebuilt. Migration
0009 fills the vocabulary.
"""

from django.db import migrations, models

COLUMNS = "title, summary, meta, body, suggest"
NEW = ", ".join(f"new.{column}" for column in COLUMNS.split(", "))
OLD = ", ".join(f"old.{column}" for column in COLUMNS.split(", "))
FTS_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
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
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]

# A word's variants: itself, each deletion of one letter, and for words of
# TWO_DELETIONS letters or more (search.spelling.TWO_EDITS_FROM) each
# deletion of two. Letters past the last position are never deleted: no
# word is longer (search.analysis.MAX_WORD).
TWO_DELETIONS = 10
POSITIONS = 40
SQLITE_VARIANTS = [
    "CREATE TABLE search_wordposition (position INTEGER PRIMARY KEY)",
    "INSERT INTO search_wordposition (position) VALUES "
    + ", ".join(f"({position})" for position in range(1, POSITIONS + 1)),
    # One set of variants per word, whatever the sites and languages that
    # have it: sites share most of their words (GR's shared material).
    """CREATE TABLE search_wordvariant (
        variant TEXT NOT NULL,
        word TEXT NOT NULL,
        PRIMARY KEY (variant, word)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_wordvariant_word ON search_wordvariant (word)",
    "CREATE INDEX search_searchword_word ON search_searchword (word)",
    f"""CREATE TRIGGER search_wordvariant_insert AFTER INSERT ON search_searchword
    WHEN NOT EXISTS (SELECT 1 FROM search_wordvariant WHERE word = new.word)
    BEGIN
        INSERT OR IGNORE INTO search_wordvariant (variant, word)
        SELECT new.word, new.word
        UNION
        SELECT substr(new.word, 1, p.position - 1)
               || substr(new.word, p.position + 1), new.word
        FROM search_wordposition p WHERE p.position <= length(new.word)
        UNION
        SELECT substr(new.word, 1, a.position - 1)
               || substr(new.word, a.position + 1, b.position - a.position - 1)
               || substr(new.word, b.position + 1), new.word
        FROM search_wordposition a JOIN search_wordposition b
          ON a.position < b.position
        WHERE b.position <= length(new.word)
          AND length(new.word) >= {TWO_DELETIONS};
    END""",
    """CREATE TRIGGER search_wordvariant_delete AFTER DELETE ON search_searchword
    WHEN NOT EXISTS (SELECT 1 FROM search_searchword WHERE word = old.word)
    BEGIN
        DELETE FROM search_wordvariant WHERE word = old.word;
    END""",
]
SQLITE_VARIANTS_REVERSE = [
    "DROP TRIGGER IF EXISTS search_wordvariant_delete",
    "DROP TRIGGER IF EXISTS search_wordvariant_insert",
    "DROP INDEX IF EXISTS search_searchword_word",
    "DROP TABLE IF EXISTS search_wordvariant",
    "DROP TABLE IF EXISTS search_wordposition",
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    # Written at once, not through GIN's pending list: a search reads that
    # list whole, until a vacuum empties it (12 ms instead of 2).
    """CREATE INDEX search_word_trigrams ON search_searchword
        USING GIN (root_path, language, word gin_trgm_ops)
        WITH (fastupdate = off)""",
    # Room beside each row for its new version when its counts change, so
    # that no index needs a new entry (PostgreSQL's heap-only updates).
    "ALTER TABLE search_searchword SET (fillfactor = 80)",
]
# The extensions stay: something else may have come to use them.
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS search_word_trigrams"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_drop_block_labels")]

    # The FTS5 triggers are made again after the table is rebuilt, both ways.
    operations = [
        migrations.RunPython(
            migrations.RunPython.noop, _run({"sqlite": FTS_TRIGGERS})
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="words",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(
            _run({"sqlite": FTS_TRIGGERS}), migrations.RunPython.noop
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("root_path", models.CharField(max_length=255)),
                ("language", models.CharField(max_length=8)),
                ("display", models.CharField(max_length=64)),
                ("word", models.CharField(max_length=64)),
                ("documents", models.IntegerField(default=0)),
                ("titles", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "ord i sökindexet",
                "verbose_name_plural": "orden i sökindexet",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("root_path", "language", "display"),
                        name="unique_site_word",
                    )
                ],
                "indexes": [
                    models.Index(
                        fields=["root_path", "language", "word"],
                        name="search_word_prefix",
                        opclasses=["varchar_pattern_ops"] * 3,
                    )
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_VARIANTS, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_VARIANTS_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
