"""Fill the vocabulary (0008) by re-indexing every indexed resource.

The words come from the pages' texts as they are indexed, which the
documents do not keep as written, so this re-indexes the resources that
have a document, with the current indexing code on purpose (as 0007 does;
if a later change breaks it, make this migration a no-op and run
`manage.py update_index --only-documents`). It works in batches of 500,
each committed on its own (the migration is not atomic): at 100,000
resources it takes minutes, not hours, and an interrupted run leaves
consistent batches, which `update_index` completes.
"""

from django.db import migrations


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    page_ids = list(SearchDocument.objects.values_list("page_id", flat=True))
    if page_ids:
        from search import documents

        documents.reindex(page_ids)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0008_vocabulary")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
