"""The site's "not found" (404) and "server error" (500) pages, in the
site's design, in the language of the address (/sv/, /en/; Swedish
otherwise) and with the name of the site the host names (cms/urls.py makes
them handler404 and handler500).

The 500 page is drawn without the database, which may be what failed: a
plain context, no context processors and no template tag that reads it
(templates/errors/base.html). The site's name comes from what this process
learnt while the database answered (`site_names`). The 404 page is the
site's own (templates/base.html: navigation, language switcher, search);
when it cannot be drawn (the database again) it falls back to the plain
layout, still a 404, never a second failure that Django would answer with
the 500 page.
"""

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_from_path

from pages.delivery.context import SiteContext
from pages.reader import site_context

logger = logging.getLogger(__name__)

FALLBACK_SITE_NAME = "Trygghetsportalen"
STYLESHEET = "css/site.css"
# The last resort when not even a template can be drawn (a broken template
# or catalogue): no translation machinery, no stylesheet, nothing inline.
BARE_PAGES = {
    (404, "sv"): ("Sidan finns inte", "Det finns ingen sida på den här adressen."),
    (404, "en"): ("Page not found", "There is no page at this address."),
    (500, "sv"): ("Något gick fel", "Försök igen om en stund."),
    (500, "en"): ("Something went wrong", "Please try again in a moment."),
}


class SiteNames:
    """Each site's name by host name, as this process last read them from
    the database; the default site's name for any other host (as the sites
    are found for a request, pages/delivery/context.py)."""

    def __init__(self) -> None:
        self._by_host: dict[str, str] = {}
        self._default: str | None = None
        self._version: int | None = None

    def learn(self, ctx: SiteContext) -> None:
        """Every site's name, from a request's site context (read once per
        content version, pages/delivery/context.py: no extra query); every
        page of the site teaches it (pages/reader.py, site_context)."""
        if ctx.version == self._version and self._by_host:
            return
        self._version = ctx.version
        by_host, default = {}, None
        for profile in ctx.profiles():
            site = profile.site
            if site.site_name:
                by_host[site.hostname.lower()] = site.site_name
                if site.is_default_site:
                    default = site.site_name
        # Replaced whole: a request in another thread reads one or the other.
        self._by_host, self._default = by_host, default

    def name_for(self, request: HttpRequest) -> str:
        """The name of the site the request's host names, without a query."""
        # Wagtail keeps the site it found for this request, if it got that far.
        site = getattr(request, "_wagtail_site", None)
        if site is not None and site.site_name:
            return site.site_name
        try:
            host, _port = split_domain_port(request.get_host())
        except Exception:  # a host that is not allowed, say
            return self._default or FALLBACK_SITE_NAME
        return self._by_host.get(host.lower()) or self._default or FALLBACK_SITE_NAME

    def forget(self) -> None:
        self._by_host, self._default, self._version = {}, None, None


site_names = SiteNames()


def address_language(request: HttpRequest) -> str:
    """The language of the address's prefix (/sv/, /en/), else the source
    language: no cookie or Accept-Language, as the site's own pages."""
    try:
        return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    except Exception:
        return settings.LANGUAGE_CODE


def stylesheet_url() -> str:
    """The site's stylesheet by its hashed name (STATIC_ROOT's manifest, a
    file), or by its plain name, which collectstatic writes too."""
    try:
        return static(STYLESHEET)
    except Exception:
        return f"{settings.STATIC_URL}{STYLESHEET}"


def plain_context(request: HttpRequest, language: str) -> dict:
    """What templates/errors/base.html needs, none of it from the database."""
    return {
        "layout": "errors/base.html",
        "language": language,
        "site_name": site_names.name_for(request),
        "home_url": f"/{language}/",
        "stylesheet": stylesheet_url(),
    }


def bare_page(status: int, language: str) -> HttpResponse:
    title, text = BARE_PAGES.get((status, language), BARE_PAGES[status, "sv"])
    html = (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p>"
        f'<p><a href="/{language}/">{FALLBACK_SITE_NAME}</a></p></main></body></html>'
    )
    return HttpResponse(html, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None):
    """The site's page for an address with nothing (or nothing public) at it."""
    language = address_language(request)
    try:
        with translation.override(language):
            context = site_page_context(request, language)
            if context is not None:
                html = loader.render_to_string("404.html", context, request)
                return HttpResponse(html, status=404)
    except Exception:
        logger.exception("The site's 404 page failed; serving the plain one.")
    return plain_page(request, "404.html", 404, language)


def server_error(request: HttpRequest):
    """The site's page for a failure, drawn without the database."""
    return plain_page(request, "500.html", 500, address_language(request))


def site_page_context(request: HttpRequest, language: str) -> dict | None:
    """The request's site and its home page in `language`, when the public
    may see it, for base.html (None when no site answers on the host); the
    sites' names are learnt on the way."""
    try:
        ctx = site_context(request)
    except Http404:
        return None
    site_names.learn(ctx)
    home = ctx.root
    if home is not None and not ctx.visibility.admits(home):
        home = None
    return {
        "page": home,
        "home_url": home.get_url(request) if home is not None else f"/{language}/",
        "search_url": reverse("search") if home is not None else "",
    }


def plain_page(
    request: HttpRequest, template: str, status: int, language: str
) -> HttpResponse:
    """`template` on templates/errors/base.html, without the database; the
    bare page if even that fails."""
    try:
        with translation.override(language):
            html = loader.render_to_string(template, plain_context(request, language))
        return HttpResponse(html, status=status)
    except Exception:
        logger.exception("The plain %s page failed; serving the bare one.", status)
        return bare_page(status, language)
