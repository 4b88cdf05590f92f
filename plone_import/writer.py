"""Writing one Plone item into Wagtail, step by step (the importer calls
these in phase order, in transactions of its own)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page, Site

from pages.models import ResourcePage, TopicPage

from .items import LANGUAGE_ROOT, PloneItem
from .mapping import Mapping
from .media import write_document, write_image, write_media_file
from .models import ImportedItem, ImportedKind
from .pages import FieldWriter, PageError, convert_body, page_model, save_with_status
from .placement import Placement, Topics
from .redirects import keep_redirects, old_paths
from .report import Outcome, Row
from .resolver import ImportResolver


@dataclass
class Context:
    """What every step of one import shares."""

    site: Site
    home: Page
    mapping: Mapping
    site_url: str
    resolver: ImportResolver
    placement: Placement
    fields: FieldWriter
    overwrite: bool = False
    rows: dict[str, ImportedItem] = field(default_factory=dict)
    # Files written to storage, deleted again if their transaction is not
    # committed (a failed batch, a dry run).
    stored: list = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.home.locale.language_code


def make_context(
    site: Site, mapping: Mapping, site_url: str, overwrite: bool
) -> Context:
    home = site.root_page.specific
    resolver = ImportResolver(site_url, site.root_url)
    placement = Placement(mapping, Topics(home))
    fields = FieldWriter(mapping, site.site_name, resolver)
    context = Context(
        site, home, mapping, site_url, resolver, placement, fields, overwrite
    )
    for row in ImportedItem.objects.filter(site=site).select_related("page"):
        context.rows[row.plone_uid] = row
        resolver.remember(row)
        is_folder = row.kind == ImportedKind.FOLDER or row.portal_type == "Folder"
        if is_folder and row.page_id:
            placement.targets[row.plone_path] = row.page_id
    return context


class Protected(Exception):
    """Wagtail has what the item would overwrite; the message says what."""


class ItemWriter:
    def __init__(self, context: Context):
        self.c = context

    # --- Records ---------------------------------------------------------------

    def record(self, item: PloneItem, kind: str, complete: bool, **targets):
        """The item's ImportedItem, saved with what it became."""
        row = self.c.rows.get(item.uid) or ImportedItem(
            site=self.c.site, plone_uid=item.uid
        )
        row.plone_site_url = self.c.site_url
        row.plone_path = item.path
        row.language = item.language
        row.portal_type = item.portal_type
        row.kind = kind
        for name, value in targets.items():
            setattr(row, name, value)
        if complete:
            row.plone_modified = item.modified
        row.save()
        self.c.rows[item.uid] = row
        self.c.resolver.remember(row)
        return row

    def redirect(self, item: PloneItem, page=None, link: str = "") -> None:
        roots = {path for path in self.c.placement.structure if path != "/"}
        paths = old_paths(item, roots, self.c.language)
        keep_redirects(self.c.site, paths, page=page, link=link)

    def stored(self, field_file) -> None:
        self.c.stored.append((field_file.storage, field_file.name))

    # --- Structure and folders -------------------------------------------------

    def language_folder(self, item: PloneItem, row: Row) -> None:
        """A language root (or language independent) folder: no topic; the
        root leads to the site's home page in its language."""
        self.c.placement.structure.add(item.path)
        row.outcome = Outcome.SKIPPED
        row.problem(_("Språkmapp i Plone: motsvaras av webbplatsens startsida."))
        if item.portal_type != LANGUAGE_ROOT:
            return
        locale = Locale.objects.filter(language_code=item.language).first()
        home = self.c.home.get_translation_or_none(locale) if locale else None
        if home is not None:
            self.record(item, ImportedKind.FOLDER, True, page=home, owns_page=False)
            self.redirect(item, page=home)
            row.new_url = page_url(home)

    def folder(self, item: PloneItem, row: Row) -> None:
        existing = self.c.rows.get(item.uid)
        if existing is not None and existing.page_id and not existing.target_deleted:
            self.update_folder(item, existing, row)
            return
        topic, made = self.c.placement.folder_topic(item)
        kind = ImportedKind.PAGE if made else ImportedKind.FOLDER
        self.record(
            item,
            kind,
            True,
            page=topic,
            owns_page=made,
            revision=topic.latest_revision if made else None,
        )
        self.c.placement.targets[item.path] = topic.pk
        self.redirect(item, page=topic)
        row.outcome = Outcome.CREATED
        row.new_url = page_url(Page.objects.get(pk=topic.pk))
        if not made:
            row.problem(
                _("Mappens innehåll placerades i ämnet ”%(title)s”.")
                % {"title": topic.title}
            )

    def update_folder(self, item: PloneItem, existing, row: Row) -> None:
        self.c.placement.targets[item.path] = existing.page_id
        topic = existing.page.specific
        if existing.owns_page:
            topic = topic.get_latest_revision_as_object()
            topic.title = item.title
            topic.draft_title = item.title
            revision = save_with_status(topic, item, row)
            self.record(item, existing.kind, True, revision=revision)
            row.outcome = Outcome.UPDATED
        else:
            self.record(item, existing.kind, True)
            row.outcome = Outcome.UNCHANGED
        self.redirect(item, page=topic)
        row.new_url = page_url(topic)

    # --- Files and images ------------------------------------------------------

    def media(self, item: PloneItem, content: bytes, row: Row) -> None:
        existing = self.c.rows.get(item.uid)
        if item.media_kind:
            media = write_media_file(item, content, _alive(existing, "media_file"))
            self.stored(media.file)
            self.record(item, ImportedKind.PAGE, False, media_file=media)
            return  # the page comes in the pages' phase
        if item.portal_type == "Image":
            image = write_image(item, content, _alive(existing, "image"))
            self.stored(image.file)
            self.record(item, ImportedKind.IMAGE, True, image=image)
            self.redirect(item, link=image.file.url)
            row.new_url = _absolute(self.c.site.root_url, image.file.url)
            if not image.alt_text_reviewed:
                row.problem(
                    _(
                        "Bildens beskrivning i Plone föreslås som alternativtext; "
                        "den måste granskas i bildbiblioteket."
                    )
                )
        else:
            document = write_document(item, content, _alive(existing, "document"))
            self.stored(document.file)
            self.record(item, ImportedKind.DOCUMENT, True, document=document)
            self.redirect(item, link=document.url)
            row.new_url = _absolute(self.c.site.root_url, document.url)
        row.outcome = Outcome.UPDATED if existing is not None else Outcome.CREATED

    # --- Pages ------------------------------------------------------------------

    def page_shell(self, item: PloneItem, row: Row) -> None:
        """A new page with its fields but no body yet, so that links from
        other pages can point at it."""
        existing = self.c.rows.get(item.uid)
        if existing is not None and existing.page_id and not existing.target_deleted:
            return
        probe = convert_body(item, _NO_LINKS)
        model = page_model(item, probe)
        topic = self.c.placement.item_topic(item)
        page = self.c.fields.shell(model, item, Row("", "", ""))
        page.slug = free_slug(topic, item.plone_id or item.title)
        topic.add_child(instance=page)
        self.record(item, ImportedKind.PAGE, False, page=page, revision=None)

    def complete_page(
        self, item: PloneItem, row: Row, is_new: bool, fallback_roles=()
    ) -> None:
        """The page's body and fields, its status and its redirects."""
        record = self.c.rows[item.uid]
        page = record.page.specific
        if not isinstance(page, ResourcePage):
            raise PageError(_("Objektet blev inte en resurssida."))
        slug = page.slug  # a translation's, set after Wagtail copied the original
        page = page.get_latest_revision_as_object()
        page.slug = slug
        conversion = convert_body(item, self.c.resolver)
        self.c.fields.apply(page, item, conversion, row, fallback_roles)
        if record.media_file_id and item.media_kind == "video":
            page.video = record.media_file
        if record.media_file_id and item.media_kind == "audio":
            page.audio = record.media_file
        revision = save_with_status(page, item, row)
        self.record(
            item,
            ImportedKind.PAGE,
            True,
            revision=revision,
            unresolved_links=self.unresolved(conversion),
        )
        self.redirect(item, page=page)
        row.outcome = Outcome.CREATED if is_new else Outcome.UPDATED
        row.new_url = page_url(Page.objects.get(pk=page.pk))

    def unresolved(self, conversion) -> list[str]:
        resolver = self.c.resolver
        return [
            url
            for url in conversion.links
            if resolver.page_id(url) is None
            and resolver.document_id(url) is None
            and resolver.image_id(url) is None
        ]

    # --- Translations -------------------------------------------------------------

    def translation_shell(self, item: PloneItem, source: Page, row: Row) -> None:
        """The translation of `source` (a page of the default language) in
        the item's language, copied as Wagtail copies for translation."""
        existing = self.c.rows.get(item.uid)
        if existing is not None and existing.page_id and not existing.target_deleted:
            return
        locale = Locale.objects.filter(language_code=item.language).first()
        if locale is None:
            raise PageError(
                _("Språket %(language)s finns inte i Wagtail.")
                % {"language": item.language}
            )
        page = source.get_translation_or_none(locale)
        if page is not None and not self.c.overwrite:
            raise Protected(
                _(
                    "Sidan har redan en översättning i Wagtail som importen inte "
                    "gjorde; den lämnades orörd (kör med --overwrite för att skriva "
                    "över den)."
                )
            )
        if page is None:
            page = source.specific.copy_for_translation(locale, copy_parents=True)
            page.slug = free_slug(page.get_parent(), item.plone_id, but=page.pk)
            page.save(update_fields=["slug", "url_path"])
        self.record(item, ImportedKind.PAGE, False, page=page, revision=None)

    def complete_translation(
        self, item: PloneItem, source: Page, row: Row, is_new: bool
    ) -> None:
        record = self.c.rows[item.uid]
        page = record.page.specific
        if isinstance(page, TopicPage):
            page = page.get_latest_revision_as_object()
            page.title = page.draft_title = item.title
            revision = save_with_status(page, item, row)
            self.record(item, ImportedKind.PAGE, True, revision=revision)
            self.redirect(item, page=page)
            row.outcome = Outcome.CREATED if is_new else Outcome.UPDATED
            row.new_url = page_url(Page.objects.get(pk=page.pk))
            return
        # Keywords are usually set on the original only: without its own,
        # the translation is for whom the original is.
        roles = [link.role for link in source.specific.role_links.all()]
        self.complete_page(item, row, is_new, fallback_roles=roles)


class _NoLinks:
    """A resolver that knows nothing: for deciding a page's type."""

    def page_id(self, url):
        return None

    def document_id(self, url):
        return None

    def document_url(self, url):
        return None

    def image_id(self, url):
        return None

    def is_internal(self, url):
        return False


_NO_LINKS = _NoLinks()


def _alive(existing: ImportedItem | None, name: str):
    return getattr(existing, name) if existing is not None else None


def _absolute(root: str, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else root + url


def free_slug(parent: Page, wanted: str, but: int | None = None) -> str:
    """`wanted` as a slug, with a number added if a sibling (but the page
    `but`) has it."""
    base = (slugify(wanted.replace(".", "-")) or "sida")[:240]
    siblings = parent.get_children().exclude(pk=but)
    taken = set(siblings.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def page_url(page: Page) -> str:
    """The public URL of a live page, else its edit view in the admin."""
    if page.live:
        url = page.get_full_url()
        if url:
            return url
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + edit
