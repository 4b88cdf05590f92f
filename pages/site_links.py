"""Links to pages in rich text, as the site being read serves them.

Editors link GR's originals; on a member's site the reader must stay on the
member's site, so a link goes to the member's copy of the page (its alias)
where the public may see one, in the page's language where there is a
translation. Material the site has no copy of keeps its own site's
address, marked with that site's name (`data-site`, shown by the
stylesheet). A link to a page the public may not see (a draft, a private
or withdrawn page) has no address, as Wagtail does for a deleted page.

Wagtail expands a rich text's links without the request, so the site being
read travels in a context variable: SiteReader.context() sets it for the
page it serves (pages/site_reader.py), and ReadingSiteMiddleware clears it
after each request. Anywhere else (the admin, the API, a management
command) Wagtail's own rule applies.
"""

from contextvars import ContextVar

from django.utils.html import escape

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from pages.delivery.context import SiteContext
from pages.delivery.results import copies_here, prefer_locale
from pages.reader import shared_label

_reading: ContextVar[SiteContext | None] = ContextVar("reading_site", default=None)


def reading(ctx: SiteContext) -> None:
    """Expand the links of the rest of this request as `ctx`'s site serves them."""
    _reading.set(ctx)


class ReadingSiteMiddleware:
    """Each request starts and ends without a site being read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading.set(None)
        try:
            return self.get_response(request)
        finally:
            _reading.reset(token)


class SitePageLinkHandler(PageLinkHandler):
    """Wagtail's page links, on the reference site as its reader needs them."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        ctx = _reading.get()
        if ctx is None:
            return super().expand_db_attributes_many(attrs_list)
        ids = [str(attrs.get("id", "")) for attrs in attrs_list]
        fields = ("pk", "title", "locale_id", "translation_key", "url_path")
        visible = Page.objects.filter(ctx.visible()).only(*fields, "alias_of_id")
        linked = list(visible.filter(pk__in=[i for i in ids if i.isdigit()]))
        # Each linked page in the reader's language where it is translated...
        by_key = {
            page.translation_key: page
            for page in prefer_locale(linked, ctx.root.locale_id, visible)
        }
        localized = {page.pk: by_key.get(page.translation_key, page) for page in linked}
        # ...and this site's copy of that where there is one.
        copies = copies_here(ctx, list(localized.values()))
        here = {str(pk): copies.get(page.pk, page) for pk, page in localized.items()}
        shared_label(ctx, list(here.values()))
        return [_tag(ctx, here.get(link_id)) for link_id in ids]


def _tag(ctx: SiteContext, page: Page | None) -> str:
    if page is None:
        return "<a>"
    url = escape(page.get_url(ctx.request))
    if page.elsewhere:
        return f'<a href="{url}" data-site="{escape(page.elsewhere)}">'
    return f'<a href="{url}">'
