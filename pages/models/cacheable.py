"""Pages the public reads, and the one seam through which the site reads them."""

from typing import Protocol

from django.http import HttpRequest, HttpResponse


class SiteReader(Protocol):
    """What the reference site adds to a page it serves (pages/site_reader.py)."""

    def context(self, request: HttpRequest, page) -> dict:
        """The listings and related material the page's template shows."""

    def respond(self, request: HttpRequest, page, response) -> HttpResponse:
        """The answer, marked for caches as the public may keep it or not."""


_readers: list[SiteReader] = []


def register_site_reader(reader: SiteReader) -> None:
    """Make `reader` the site's (PagesConfig.ready() does, once)."""
    _readers[:] = [reader]


def site_reader() -> SiteReader:
    if not _readers:
        raise LookupError("No site reader registered (PagesConfig.ready()).")
    return _readers[0]


class CacheablePageMixin:
    """Pages the public reads: home, theme, topic and resource pages.

    What the site shows on them beyond their own fields (listings, related
    material) and how caches may keep the answer come from the site layer,
    which registers itself here: the models import nothing of the delivery
    layer or the site. serve() runs only once the reader may see the page
    (a withdrawn or restricted one answers before, pages/site_reader.py),
    and previews do not go through it.
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | site_reader().context(request, self)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return site_reader().respond(request, self, response)
