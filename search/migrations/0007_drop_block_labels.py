"""Re-index the resources whose indexed text still holds the heading
block's level label ("Rubrik nivå 2", "Heading level 3").

Since pages/blocks/text.py indexes a heading by its words only, new and
re-published pages are clean, but an index built before kept the label:
`?q=Rubrik` found every page with a heading, and excerpts showed it. This
re-indexes just those pages, with the current indexing code on purpose
(search/documents.py: the analysis spans pages, roles and the search
backend), so if a later change breaks it, make this migration a no-op.
"""

from django.db import migrations
from django.db.models import Q

LABELS = ("Rubrik nivå 2", "Rubrik nivå 3", "Heading level 2", "Heading level 3")


def reindex_labelled(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    # The excerpt source keeps the texts as written (the body is analysed).
    labelled = Q()
    for label in LABELS:
        labelled |= Q(excerpt_source__contains=label)
    page_ids = list(
        SearchDocument.objects.filter(labelled).values_list("page_id", flat=True)
    )
    if page_ids:
        from search import documents

        documents.reindex(page_ids)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_suggestion_table"),
        ("pages", "0007_retire_stock_setup"),
    ]

    operations = [
        migrations.RunPython(reindex_labelled, migrations.RunPython.noop),
    ]
