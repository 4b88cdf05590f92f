"""The database side of tests/ops/test_backup_restore.py, run in its own process.

`manage.py shell -c "from tests.ops.backup_scenario import run; run('snapshot')"`
against the test's own database: the test process never connects to it.
Each step prints one line of JSON.
"""

import hashlib
import json
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Model

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site
from wagtail.search.models import IndexEntry
from wagtail_localize.models import Translation, TranslationSource

from pages.models import ResourcePageRole, Role
from search.models import SearchDocument

# What the site is made of, table by table; columns that are rebuilt on
# restore (the search index's own ids and times) are left out, as they
# may change while meaning the same.
TABLES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "pages": (Page, ()),
    "revisions": (Revision, ()),
    "locales": (Locale, ()),
    "sites": (Site, ()),
    "roles": (Role, ()),
    "role_links": (ResourcePageRole, ()),
    "translation_sources": (TranslationSource, ()),
    "translations": (Translation, ()),
    "images": (get_image_model(), ()),
    "renditions": (get_image_model().renditions.rel.related_model, ()),
    "documents": (get_document_model(), ()),
    "index_entries": (IndexEntry, ("id",)),
    "search_documents": (SearchDocument, ("indexed_at",)),
}


def run(step: str) -> None:
    print(json.dumps(STEPS[step](), default=str))  # noqa: T201 - read by the test


def snapshot() -> dict[str, list]:
    """Every row of TABLES, as sorted lists of compact rows."""
    return {name: rows(model, leave_out) for name, (model, leave_out) in TABLES.items()}


def rows(model: type[Model], leave_out: tuple[str, ...]) -> list:
    found = []
    for row in model.objects.values():
        kept = {key: value for key, value in row.items() if key not in leave_out}
        # Large JSON columns as a hash: the comparison stays readable.
        for key, value in kept.items():
            if isinstance(value, dict | list) or (
                isinstance(value, str) and len(value) > 200
            ):
                kept[key] = hashlib.sha256(
                    json.dumps(value, sort_keys=True, default=str).encode()
                ).hexdigest()
        found.append(json.loads(json.dumps(kept, sort_keys=True, default=str)))
    return sorted(found, key=lambda row: json.dumps(row, sort_keys=True))


def change(marker: str = "ändrad") -> dict[str, Any]:
    """What editors do after the demo is seeded: a new revision of a shared
    page (shared again with the members), a document, a new rendition."""
    original_id = (
        Page.objects.filter(alias_of__isnull=False).values("alias_of_id").first()
    )["alias_of_id"]
    page = Page.objects.get(pk=original_id).specific
    page.title = f"{page.title} ({marker})"
    page.save_revision().publish()
    call_command(
        "db_worker",
        *("--backend", "sharing", "--batch", "--no-reload", "--no-startup-delay"),
        verbosity=0,
    )
    document = get_document_model().objects.create(
        title=f"Säkerhetskopians prov ({marker})",
        file=ContentFile(f"Prov {marker}\n".encode(), name="backup-check.txt"),
    )
    image = get_image_model().objects.order_by("pk").first()
    rendition = image.get_rendition(f"fill-{40 + len(marker)}x40")
    return {"page": page.pk, "document": document.pk, "rendition": rendition.file.name}


def edit_after_backup() -> dict[str, Any]:
    """A change made after the backup, which a restore would undo."""
    return change("efter säkerhetskopian")


STEPS = {"snapshot": snapshot, "change": change, "edit": edit_after_backup}
