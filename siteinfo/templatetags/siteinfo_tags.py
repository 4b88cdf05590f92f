"""The site information on every page (the footer) and on the privacy page."""

from django import template
from django.http import Http404

from wagtail.query import PageQuerySet

from pages.models import ThemeHubPage
from pages.reader import site_context
from siteinfo import cookies
from siteinfo.footer import SiteFooter, site_footer

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_for(context, page=None) -> SiteFooter | None:
    """The footer's links and contact details for the site `page` belongs to
    (the request's site without a page); None where no site answers."""
    request = context.get("request")
    if request is None:
        return None
    try:
        ctx = site_context(request, page)
    except Http404:
        return None
    return site_footer(ctx)


@register.filter
def themes_only(pages: PageQuerySet | str) -> PageQuerySet | list:
    """The theme hubs among a home page's children: the site's information
    pages sit beside them, and the footer links to those. Nothing for a
    page outside any site (the template then has no home page's children)."""
    if not isinstance(pages, PageQuerySet):
        return []
    return pages.type(ThemeHubPage)


@register.simple_tag(takes_context=True)
def site_cookies(context) -> dict:
    """The cookies the public site can set (as the code sets them), the
    admin's, and the video services a page can embed."""
    return {
        "public": cookies.public_cookies(context["request"]),
        "editor": cookies.editor_cookie_names(),
        "video_providers": cookies.video_providers(),
    }
