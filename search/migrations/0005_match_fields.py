"""What a search reads of each match, kept in its document.

A search used to look its up to 1,000 matches up in the page and role
tables to learn their kind, place and roles and to check their visibility
again: a third of a search's time at 100,000 resources. The document now
holds them (and the page's expiry, the one change of visibility that
nothing saves), and PostgreSQL's length normalisation reads a stored term
count instead of counting the vector's positions once per query word.
Existing documents are filled in from the pages.

On SQLite, adding a column with a default rebuilds the table, and the
triggers that keep the FTS5 table in step (0002) go with the old one:
they are created again, and the FTS5 table rebuilt.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500

COLUMNS = "title, summary, meta, body, suggest"
NEW = ", ".join(f"new.{column}" for column in COLUMNS.split(", "))
OLD = ", ".join(f"old.{column}" for column in COLUMNS.split(", "))
SQLITE_TRIGGERS = [
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


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    Page = apps.get_model("wagtailcore", "Page")
    ResourcePageRole = apps.get_model("pages", "ResourcePageRole")
    ids = list(SearchDocument.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        pages = {
            pk: (content_type_id, path, expire_at)
            for pk, content_type_id, path, expire_at in Page.objects.filter(
                pk__in=batch
            ).values_list("pk", "content_type_id", "path", "expire_at")
        }
        roles = {}
        for page_id, role_id in (
            ResourcePageRole.objects.filter(page_id__in=batch)
            .order_by("sort_order", "pk")
            .values_list("page_id", "role_id")
        ):
            roles.setdefault(page_id, []).append(str(role_id))
        documents = list(SearchDocument.objects.filter(pk__in=batch))
        for document in documents:
            content_type_id, path, expire_at = pages[document.pk]
            document.content_type_id = content_type_id
            document.path = path
            document.expire_at = expire_at
            document.role_ids = ",".join(roles.get(document.pk, []))
            document.length = sum(
                len(text.split())
                for text in (
                    document.title,
                    document.summary,
                    document.meta,
                    document.body,
                )
            )
        SearchDocument.objects.bulk_update(
            documents, ["content_type", "path", "expire_at", "role_ids", "length"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('pages', '0005_sharing_sync'),
        ('wagtailcore', '0098_apitoken'),
        ('search', '0004_scoped_suggestions'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='content_type',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='expire_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='length',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='path',
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='role_ids',
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(sqlite_triggers, sqlite_triggers),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
