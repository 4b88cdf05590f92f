"""Plone's Documents, News Items, Links and audio/video Files as resource pages.

`page_model` picks the page type, `apply_fields` sets a page's fields from
the item, `save_with_status` saves a revision and publishes it when Plone
had the item published and the page may be published.
"""

import re
from html import escape, unescape
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page, Revision

from pages.forms import role_links_for
from pages.models import (
    ArticlePage,
    LinkPage,
    PodcastEpisodePage,
    ResourcePage,
    Role,
    VideoPage,
)

from .convert import Conversion, convert_html, convert_volto
from .inline import cut_at_word, squash
from .items import PloneItem
from .mapping import Mapping
from .report import Row
from .resolver import ImportResolver
from .richtext import visible
from .volto import SKIPPED

SUMMARY_MAX_LENGTH = 300  # ResourcePage.summary
URL_MAX_LENGTH = 500  # LinkPage.external_url
_TAG = re.compile(r"<[^>]*>")


class PageError(Exception):
    """The item cannot become a page; the message says why."""


def convert_body(item: PloneItem, resolver: ImportResolver) -> Conversion:
    """The item's Volto blocks when it has any content in them, else its
    classic rich text."""
    resolver.base = item.url
    blocks, layout = item.data.get("blocks"), item.data.get("blocks_layout")
    text = item.data.get("text")
    if _has_volto_content(blocks) or (isinstance(blocks, dict) and not text):
        return convert_volto(blocks, layout, resolver)
    if text:
        return convert_html(text, resolver)
    return Conversion()


def _has_volto_content(blocks: object) -> bool:
    if not isinstance(blocks, dict):
        return False
    return any(
        not isinstance(block, dict) or str(block.get("@type")).lower() not in SKIPPED
        for block in blocks.values()
    )


def is_video_only(conversion: Conversion) -> bool:
    return not conversion.blocks and len(conversion.videos) == 1


def page_model(item: PloneItem, probe: Conversion) -> type[ResourcePage]:
    if item.portal_type == "Link":
        return LinkPage
    if item.media_kind == "audio":
        return PodcastEpisodePage
    if item.media_kind == "video":
        return VideoPage
    if item.portal_type == "Document" and is_video_only(probe):
        return VideoPage
    return ArticlePage


class FieldWriter:
    """Sets a page's fields from a Plone item; what it had to guess or
    leave out goes into the report row."""

    def __init__(self, mapping: Mapping, organisation: str, resolver: ImportResolver):
        self.mapping = mapping
        self.organisation = mapping.organisation or organisation
        self.resolver = resolver
        roles = Role.objects.filter(locale__language_code="sv")
        self.roles = {role.slug: role for role in roles}
        self.role_names = {role.name.casefold(): role.slug for role in roles}
        self.role_names |= {role.slug: role.slug for role in roles}

    def shell(self, model: type[ResourcePage], item: PloneItem, row: Row) -> Page:
        """A new page with what saving it needs; its body comes later."""
        page = model(title=item.title, slug="x", live=False, summary=item.title or "-")
        self.common(page, item, row)
        if isinstance(page, LinkPage):
            self.link(page, item, row)
        return page

    def common(
        self, page: ResourcePage, item: PloneItem, row: Row, fallback_roles=()
    ) -> None:
        page.title = item.title
        page.draft_title = item.title
        page.content_owner = self.owner(item)
        roles = self.roles_of(item, row) or list(fallback_roles)
        page.role_links = role_links_for(page, roles)

    def apply(
        self,
        page: ResourcePage,
        item: PloneItem,
        conversion: Conversion,
        row: Row,
        fallback_roles=(),
    ) -> None:
        """Every field the import sets, on a page that exists; without roles
        of its own, `fallback_roles`."""
        self.common(page, item, row, fallback_roles)
        page.summary = self.summary(item, conversion, row)
        page.expire_at = item.expires
        for problem in conversion.problems:
            row.problem(problem)
        if isinstance(page, LinkPage):
            self.link(page, item, row)
            page.body = conversion.blocks
        elif isinstance(page, VideoPage) and is_video_only(conversion):
            page.external_url = conversion.videos[0]
            page.body = []
        else:
            page.body = conversion.blocks + self.video_links(conversion, row)

    def owner(self, item: PloneItem) -> str:
        for creator in item.creators:
            if creator in self.mapping.creators:
                return self.mapping.creators[creator]
        return self.organisation

    def roles_of(self, item: PloneItem, row: Row) -> list[Role]:
        """The roles the item's keywords map to; the others to the report."""
        slugs = []
        for subject in item.subjects:
            rule = self.mapping.subjects.get(subject.casefold())
            if rule is not None:
                slugs.extend(rule.roles)
            elif subject.casefold() in self.role_names:
                slugs.append(self.role_names[subject.casefold()])
        for subject in self.unmapped(item):
            row.problem(
                _("Nyckelordet ”%(keyword)s” saknar mappning.") % {"keyword": subject}
            )
        return [self.roles[slug] for slug in dict.fromkeys(slugs) if slug in self.roles]

    def unmapped(self, item: PloneItem) -> list[str]:
        """The item's keywords that map to nothing."""
        return [
            subject
            for subject in item.subjects
            if subject.casefold() not in self.mapping.subjects
            and subject.casefold() not in self.role_names
        ]

    def summary(self, item: PloneItem, conversion: Conversion, row: Row) -> str:
        if item.description:
            if len(item.description) > SUMMARY_MAX_LENGTH:
                row.problem(
                    _("Beskrivningen var längre än %(max)s tecken och kortades.")
                    % {"max": SUMMARY_MAX_LENGTH}
                )
            return cut_at_word(item.description, SUMMARY_MAX_LENGTH)
        text = body_text(conversion)
        if text:
            row.problem(
                _(
                    "Beskrivning saknades i Plone; sammanfattningen togs från "
                    "brödtexten."
                )
            )
            return cut_at_word(text, SUMMARY_MAX_LENGTH)
        row.problem(_("Beskrivning saknades i Plone; sammanfattningen är titeln."))
        return cut_at_word(item.title, SUMMARY_MAX_LENGTH)

    def link(self, page: LinkPage, item: PloneItem, row: Row) -> None:
        url = item.remote_url
        target = self.resolver.page_id(url) if url else None
        if target is not None:
            live = Page.objects.filter(pk=target).first()
            url = (live.get_full_url() if live else "") or url
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise PageError(
                _("Länkens adress %(url)s är inte en giltig webbadress.")
                % {"url": url or "?"}
            ) from exc
        if len(url) > URL_MAX_LENGTH:
            raise PageError(_("Länkens adress är längre än 500 tecken."))
        page.external_url = url
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if not page.publisher:
            page.publisher = host
            row.problem(
                _("Utgivaren sattes till %(host)s efter länkens adress; kontrollera.")
                % {"host": host}
            )
        page.language = item.language if item.language in ("sv", "en") else "sv"

    def video_links(self, conversion: Conversion, row: Row) -> list[dict]:
        blocks = []
        for url in conversion.videos:
            row.problem(
                _(
                    "Videon %(url)s kan inte bäddas in i en artikel; den ligger som "
                    "en länk sist i brödtexten."
                )
                % {"url": url}
            )
            link = f'<a href="{escape(url)}">{escape(url)}</a>'
            blocks.append({"type": "paragraph", "value": f"<p>Video: {link}</p>"})
        return blocks


def body_text(conversion: Conversion) -> str:
    """The first paragraph's text."""
    for block in conversion.blocks:
        if block["type"] == "paragraph" and visible(block["value"]):
            return squash(_strip_tags(block["value"]))
    return ""


def _strip_tags(html: str) -> str:
    return unescape(_TAG.sub(" ", html))


def save_with_status(page: Page, item: PloneItem, row: Row) -> Revision:
    """A new revision of `page`, published when Plone had the item published
    and nothing stops publishing; otherwise a draft, the report says why."""
    now = timezone.now()
    expired = item.expires is not None and item.expires <= now
    wants_live = item.published and not expired
    page.go_live_at = None
    if wants_live and item.effective and item.effective > now:
        page.go_live_at = item.effective
    if item.published and item.effective and not page.go_live_at:
        page.first_published_at = item.effective
    checks = getattr(page, "publish_errors", None)
    errors = checks() if wants_live and checks is not None else {}
    if not page.live:
        # No live version to keep: the row holds the draft, as when an editor
        # creates a page, so that it is what lists and checks see.
        page.save()
    revision = page.save_revision()
    if wants_live and not errors:
        revision.publish()
    elif page.live and not wants_live:
        page.unpublish(set_expired=expired)
    if errors:
        what = _("Ändringen sparades som utkast") if page.live else _("Utkast")
        for messages in errors.values():
            for message in messages:
                row.problem(f"{what}: {message}")
    elif expired and item.published:
        Page.objects.filter(pk=page.pk).update(expired=True)
        row.problem(
            _("Utgick i Plone %(date)s: importerades opublicerad med utgångsdatum.")
            % {"date": timezone.localtime(item.expires).date().isoformat()}
        )
    elif not item.published:
        row.problem(
            _("Utkast: inte publicerad i Plone (%(state)s).")
            % {"state": item.review_state}
        )
    if item.published and item.effective and not page.go_live_at:
        Page.objects.filter(pk=page.pk).update(first_published_at=item.effective)
    return revision
