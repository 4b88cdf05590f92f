"""Importing a Plone site into a Wagtail site: the walk, the plan, the phases.

`run_import` lists every item (@search), decides for each from ImportedItem
whether it is new, changed in Plone, unchanged, changed or deleted in Wagtail
(`plan`), fetches the items it will write (at most `concurrency` requests at
a time), and writes them in phases, each in transactions of `batch_size`
items, so an interrupted run keeps what it committed:

    language folders and folders → files and images → pages without bodies
    (so links can resolve to every page) → bodies, status and redirects →
    translations

An item is marked complete (its Plone modification date recorded) only when
its last step is done; a re-run redoes whatever is not. A failure is the
item's row in the report, never the end of the run.
"""

import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Site

from pages.models import SiteProfile

from .client import PloneClient, PloneError, fetch_all
from .items import FILES, FOLDERS, LANGUAGE_ROOT, PAGES, PloneItem
from .mapping import Mapping, MappingError, check_mapping
from .media import MediaError
from .models import ImportedItem, ImportedKind
from .pages import PageError
from .placement import PlacementError
from .report import Outcome, Report, Row
from .writer import ItemWriter, Protected, make_context, page_url

BATCH_SIZE = 50
logger = logging.getLogger(__name__)
# Failures an item's data or the library's checks explain: the message is
# for the report. Anything else is a bug, logged with its traceback.
EXPECTED = (PloneError, MediaError, PageError, PlacementError, ValidationError)


class ImportAbort(Exception):
    """The import cannot start; the message says why."""


class Skip(Exception):
    """The item is left out on purpose; the message says why."""


def run_import(
    url: str,
    site: str | SiteProfile,
    *,
    auth: tuple[str, str] | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    overwrite: bool = False,
    concurrency: int = 4,
    timeout: float = 30,
    batch_size: int = BATCH_SIZE,
    client: PloneClient | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Import the Plone site at `url` into the Wagtail site `site` (a
    SiteProfile or its slug). ImportAbort or MappingError if it cannot start."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImportAbort(_("Adressen %(url)s är ingen webbadress.") % {"url": url})
    if parts.username or parts.password:
        raise ImportAbort(
            _(
                "Skriv inte inloggningen i adressen: använd --user och "
                "miljövariabeln PLONE_PASSWORD."
            )
        )
    profile = site
    if not isinstance(profile, SiteProfile):
        profile = SiteProfile.objects.filter(slug=site).select_related("site").first()
    if profile is None:
        raise ImportAbort(
            _("Det finns ingen webbplats med kortnamnet %(slug)s.") % {"slug": site}
        )
    mapping = mapping or Mapping()
    check_mapping(mapping, profile.site.root_page)
    client = client or PloneClient(url, auth=auth, timeout=timeout)
    say = progress or (lambda message: None)
    try:
        client.site_info()
        say(_("Listar innehållet i %(url)s …") % {"url": client.site_url})
        listed = client.list_items()
    except PloneError as exc:
        raise ImportAbort(str(exc)) from exc
    say(_("%(count)s objekt i Plone.") % {"count": len(listed)})
    report = Report(dry_run=dry_run)
    importer = Importer(
        profile.site, mapping, client, report, overwrite, concurrency, batch_size
    )
    if not dry_run:
        importer.run([PloneItem(entry) for entry in listed], say)
        return report
    try:
        with transaction.atomic():
            importer.run([PloneItem(entry) for entry in listed], say)
            transaction.set_rollback(True)
    finally:
        importer.delete_stored_files()
    return report


class Importer:
    def __init__(
        self,
        site: Site,
        mapping: Mapping,
        client: PloneClient,
        report: Report,
        overwrite: bool = False,
        concurrency: int = 4,
        batch_size: int = BATCH_SIZE,
    ):
        self.site, self.mapping, self.client = site, mapping, client
        self.report = report
        self.overwrite = overwrite
        self.concurrency = concurrency
        self.batch_size = max(1, batch_size)
        self.rows: dict[str, Row] = {}
        # New items (created, not updated); items done with (failed,
        # skipped or protected), which later phases leave alone.
        self.new: set[str] = set()
        self.stopped: set[str] = set()
        self.structure: list[PloneItem] = []  # language folders
        self.context = make_context(site, mapping, client.site_url, overwrite)
        self.writer = ItemWriter(self.context)

    def run(self, items: list[PloneItem], say: Callable[[str], None]) -> None:
        for item in items:
            self.context.resolver.add_path(item.path, item.uid)
        self.importable = {
            item.uid: item.portal_type in FOLDERS | FILES | PAGES for item in items
        }
        self.multilingual = any(item.portal_type == LANGUAGE_ROOT for item in items)
        todo = self.plan(items)
        say(_("Hämtar %(count)s nya eller ändrade objekt …") % {"count": len(todo)})
        fetched = self.fetch(todo)
        own = [item for item in fetched if self.in_default_language(item)]
        other = [item for item in fetched if not self.in_default_language(item)]
        self.each([i for i in own if i.portal_type == "Folder"], self.writer.folder)
        self.media([item for item in fetched if item.portal_type in FILES])
        pages = [item for item in own if self.is_page(item)]
        say(_("Skriver %(count)s sidor …") % {"count": len(pages)})
        self.each(pages, self.writer.page_shell)
        self.each(pages, self.complete_page)
        translations = [
            i for i in other if self.is_page(i) or i.portal_type == "Folder"
        ]
        self.each(translations, self.translation_shell)
        self.each(translations, self.complete_translation)
        # Last, when the translations have made the homes they lead to.
        self.each(self.structure, self.language_folder)

    # --- Plan ----------------------------------------------------------------

    def plan(self, items: list[PloneItem]) -> list[PloneItem]:
        """Rows for every item; the items to fetch and write."""
        todo = []
        for item in items:
            row = self.report.add(Row(item.uid, item.portal_type, item.url))
            self.rows[item.uid] = row
            if item.portal_type in FOLDERS - {"Folder"}:
                self.structure.append(item)
                self.context.placement.structure.add(item.path)
            elif item.portal_type not in FOLDERS | FILES | PAGES:
                row.outcome = Outcome.SKIPPED
                row.problem(
                    _("Hoppades över: typen %(type)s går inte att importera.")
                    % {"type": item.portal_type or "?"}
                )
            elif self.decide(item, row):
                todo.append(item)
        return todo

    def decide(self, item: PloneItem, row: Row) -> bool:
        """Whether to fetch and write the item; else its row says why not."""
        existing = self.context.rows.get(item.uid)
        if existing is None or existing.plone_modified is None:
            self.new.add(item.uid)
            return True
        if existing.target_deleted:
            if self.overwrite:
                self.new.add(item.uid)
                return True
            row.outcome = Outcome.DELETED
            return False
        edited = _edited_in_wagtail(existing)
        unchanged = existing.plone_modified == item.modified and not (
            self.can_resolve(existing.unresolved_links)
        )
        if unchanged and not (edited and self.overwrite):
            row.outcome = Outcome.UNCHANGED
            row.new_url = _target_url(existing, self.site)
            return False
        if edited and not self.overwrite:
            row.outcome = Outcome.PROTECTED
            row.new_url = _target_url(existing, self.site)
            row.problem(
                _(
                    "Ändrad i Plone, men också i Wagtail efter förra importen: "
                    "lämnades orörd."
                )
            )
            return False
        return True

    def can_resolve(self, urls: list[str]) -> bool:
        """Whether a link that led nowhere now leads to an item that the
        import knows how to write."""
        for url in urls:
            uid = self.context.resolver.uid_of(url)
            if self.importable.get(uid or ""):
                return True
        return False

    def fetch(self, items: list[PloneItem]) -> list[PloneItem]:
        """The items with their full JSON; a failed row for each that failed."""
        results = fetch_all(
            items,
            lambda item: self.client.item(item.url, self.multilingual),
            self.concurrency,
        )
        fetched = []
        for item, result in zip(items, results, strict=True):
            if isinstance(result, Exception):
                self.fail(item, str(result))
            else:
                item.data = result
                fetched.append(item)
        return fetched

    # --- Steps ---------------------------------------------------------------

    def language_folder(self, item: PloneItem, row: Row) -> None:
        if item.uid in self.context.rows:
            row.outcome = Outcome.SKIPPED
            return
        self.writer.language_folder(item, row)

    def media(self, items: list[PloneItem]) -> None:
        """Files and images, downloaded a batch at a time."""
        for batch in _chunks(items, self.batch_size):
            batch = [item for item in batch if item.uid not in self.stopped]
            results = fetch_all(batch, self.download, self.concurrency)
            downloads = {
                item.uid: result for item, result in zip(batch, results, strict=True)
            }

            def write(item: PloneItem, row: Row, downloads=downloads) -> None:
                content = downloads.get(item.uid)
                if isinstance(content, Exception):
                    raise content
                self.writer.media(item, content, row)

            self.each(batch, write)

    def download(self, item: PloneItem) -> bytes:
        url = item.file_info().get("download")
        if not url:
            raise PloneError(_("Filen saknas i Plone."))
        return self.client.download(str(url))

    def complete_page(self, item: PloneItem, row: Row) -> None:
        self.writer.complete_page(item, row, item.uid in self.new)
        self.report.unmapped_keywords.update(self.context.fields.unmapped(item))

    def translation_shell(self, item: PloneItem, row: Row) -> None:
        self.writer.translation_shell(item, self.source_page(item), row)

    def complete_translation(self, item: PloneItem, row: Row) -> None:
        source = self.source_page(item)
        self.writer.complete_translation(item, source, row, item.uid in self.new)

    def source_page(self, item: PloneItem):
        """The page of the default language that the item translates."""
        url = item.translation_urls().get(self.context.language)
        if not url:
            raise Skip(
                _(
                    "Finns bara på %(language)s: bara översättningar av objekt på "
                    "webbplatsens huvudspråk importeras."
                )
                % {"language": item.language or "?"}
            )
        uid = self.context.resolver.uid_of(url)
        source = self.context.rows.get(uid) if uid else None
        if source is None or source.page_id is None or source.target_deleted:
            raise PageError(
                _("Originalet som detta är en översättning av importerades inte.")
            )
        if not source.owns_page:
            raise Skip(_("Originalet är ett befintligt ämne; översätt det i Wagtail."))
        return source.page

    # --- Running steps ----------------------------------------------------------

    def each(
        self, items: Iterable[PloneItem], step: Callable[[PloneItem, Row], None]
    ) -> None:
        """`step` for each item not failed yet, a transaction per batch and a
        savepoint per item: a failed item rolls back alone."""
        items = [item for item in items if item.uid not in self.stopped]
        for batch in _chunks(items, self.batch_size):
            with transaction.atomic():
                for item in batch:
                    self.one(item, step)

    def one(self, item: PloneItem, step: Callable[[PloneItem, Row], None]) -> None:
        row = self.rows[item.uid]
        stored = len(self.context.stored)
        try:
            with transaction.atomic():
                step(item, row)
        except Protected as exc:
            row.outcome = Outcome.PROTECTED
            row.problem(str(exc))
            self.stopped.add(item.uid)  # nothing more to do for it
        except Skip as exc:
            row.outcome = Outcome.SKIPPED
            row.problem(str(exc))
            self.stopped.add(item.uid)
        except EXPECTED as exc:
            self.delete_stored_files(since=stored)
            self.fail(item, _message(exc))
        except Exception as exc:
            logger.exception("Importing the Plone item %s failed", item.uid)
            self.delete_stored_files(since=stored)
            self.fail(
                item,
                _("Oväntat fel (%(error)s): %(message)s")
                % {"error": type(exc).__name__, "message": exc},
            )

    def fail(self, item: PloneItem, message: str) -> None:
        row = self.rows[item.uid]
        row.outcome = Outcome.FAILED
        row.problem(message)
        self.stopped.add(item.uid)

    def delete_stored_files(self, since: int = 0) -> None:
        """Delete the files written since the `since`th: their rows are gone."""
        for storage, name in self.context.stored[since:]:
            storage.delete(name)
        del self.context.stored[since:]

    def in_default_language(self, item: PloneItem) -> bool:
        return item.language in ("", self.context.language)

    @staticmethod
    def is_page(item: PloneItem) -> bool:
        return item.portal_type in PAGES or bool(item.media_kind)


def _edited_in_wagtail(existing: ImportedItem) -> bool:
    if existing.kind != ImportedKind.PAGE or not existing.owns_page:
        return False
    return existing.page.latest_revision_id != existing.revision_id


def _target_url(existing: ImportedItem, site: Site) -> str:
    if existing.page_id:
        return page_url(existing.page)
    target = existing.document or existing.image
    if target is None:
        return ""
    url = target.url if existing.document_id else target.file.url
    return url if url.startswith("http") else site.root_url + url


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    return str(exc)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["ImportAbort", "MappingError", "run_import"]
