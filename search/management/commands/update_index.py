"""Rebuild every search index, with progress: Wagtail's backends, then ours.

Replaces Wagtail's update_index (this app comes before wagtail.search in
INSTALLED_APPS): the same options, a count instead of dots while Wagtail's
backends are filled, then the database full-text index of the delivery API
and the site (search/documents.py).
"""

import time

from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as WagtailUpdateIndex,
)

from search import documents
from search.models import SearchDocument


class Command(WagtailUpdateIndex):
    help = (
        "Bygger om sökindexen: Wagtails (adminsökningen, Elasticsearch när den "
        "är inställd) och det svenska fulltextindexet för API:t och webbplatsen."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--only-documents",
            action="store_true",
            help="Rebuild only the full-text index of the API and site.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the full-text index already has documents "
            "(make run: a database from before the index existed gets one).",
        )

    def handle(self, **options):
        self.verbosity = options["verbosity"]
        if options["if_empty"] and SearchDocument.objects.exists():
            self.write("Svenskt fulltextindex finns redan; inget byggdes om.")
            return
        if not options["only_documents"]:
            super().handle(**options)
        if options.get("schema_only"):
            return
        self.write("Svenskt fulltextindex (API och webbplats):")
        started = time.monotonic()
        indexed = documents.reindex(progress=self._progress(started))
        self.write(
            f"\n  {indexed} publika resurser indexerade på "
            f"{time.monotonic() - started:.1f} s."
        )

    def _progress(self, started: float):
        def report(done: int, total: int) -> None:
            elapsed = time.monotonic() - started
            left = elapsed / done * (total - done) if done else 0
            self.write(
                f"\r  {done}/{total} ({100 * done // max(total, 1)} %), "
                f"{elapsed:.0f} s, omkring {left:.0f} s kvar",
                ending="",
            )
            self.stdout.flush()

        return report

    # Wagtail's part: a running count per model instead of a dot per chunk.
    def queryset_chunks(self, qs, chunk_size=1000):
        self._chunk_total = qs.count()
        self._chunk_done = 0
        for chunk in super().queryset_chunks(qs, chunk_size):
            self._chunk_done += len(chunk)
            yield chunk

    def print_iter_progress(self, iterable):
        for value in iterable:
            yield value
            self.write(f" {self._chunk_done}/{self._chunk_total}", ending="")
            self.stdout.flush()
