"""The page's languages: hreflang alternates and the language switcher."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Page, Site

from pages.delivery.visibility import Visibility

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    language_code: str
    name: str
    url: str
    absolute_url: str
    current: bool
    # False when the page has no translation in this language that readers
    # may see, and the link goes to the language's home page instead.
    translated: bool


def _on_site(page: Page, site: Site, request) -> tuple[str, str] | None:
    """The page's URL and full URL if this site serves it, else None."""
    site_id, _root, _path = page.get_url_parts(request) or (None, None, None)
    if site_id != site.pk:
        return None
    return page.get_url(request), page.get_full_url(request)


@register.simple_tag
def untranslated_from(page: Page | None) -> str:
    """The language `page`'s content is really in, when it is an alias of a
    page in another language (Wagtail copies a translation's missing parents
    so, and wagtail-localize's tree synchronisation its untranslated pages);
    else "". The site shows such a page marked as not translated."""
    if page is None or not page.alias_of_id:
        return ""
    original = page.alias_of
    if original.locale_id == page.locale_id:
        return ""
    return original.locale.language_code


@register.simple_tag(takes_context=True)
def page_alternates(context, page: Page | None = None) -> list[Alternate]:
    """Each language of the site, with the address of this page in it: its
    published, public translation on this site or, when there is none, the
    home page of that language (translated=False).

    A view that is no page of the tree (the role pages, the roles index,
    search: `site_view` in its context, or no page at all) has the same
    address in each language the site has: /en/roller/chefer/ for
    /sv/roller/chefer/, with its query string."""
    request = context.get("request")
    site_view = not page or context.get("site_view", False)
    if site_view:
        current = context.get("LANGUAGE_CODE") or get_language() or "sv"
    else:
        current = page.locale.language_code
    names = dict(settings.LANGUAGES)
    if request is None:
        return []
    site = Site.find_for_request(request) if site_view else page.get_site()
    if site is None:
        return []
    visible = Visibility.current(request).q()
    homes = {
        home.locale.language_code: home
        for home in site.root_page.get_translations(inclusive=True)
        .filter(visible)
        .select_related("locale")
    }
    if site_view:
        found = []
        for code, name in names.items():
            if code not in homes and code != current:
                continue
            url = translate_url(request.get_full_path(), code)
            absolute = request.build_absolute_uri(url)
            found.append(Alternate(code, name, url, absolute, code == current, True))
        return found
    translations = {
        other.locale.language_code: other
        for other in page.get_translations(inclusive=True)
        .filter(visible)
        .select_related("locale", "alias_of")
        # A copy of the page in another language is no translation.
        if not untranslated_from(other)
    }
    # The page itself, even as a preview of a draft.
    translations[current] = page
    found = []
    for code, name in names.items():
        urls, translated = None, True
        if code in translations:
            urls = _on_site(translations[code], site, request)
        if urls is None and code in homes:
            urls, translated = _on_site(homes[code], site, request), False
        if urls is not None:
            found.append(Alternate(code, name, *urls, code == current, translated))
    return found
