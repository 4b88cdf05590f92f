"""The reference site's search page: /sv/sok/ (and /en/sok/) on every site.

The same search, filters and facets as /api/v1/search/, rendered on the
server: facets are plain links with counts, so it all works without
JavaScript. A filter value the site does not know is dropped with a notice.
A query whose spelling was corrected says so above the results, with a
link that searches for it as typed (`exakt=1`).
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pages.delivery.context import LOCALES, SiteContext
from pages.delivery.errors import DeliveryError
from pages.delivery.filters import FACETS, ResourceFilters
from pages.facet_links import facet_group
from pages.models import ALL_STAFF_SLUG
from pages.reader import cacheable, chosen_role

from . import service
from .querying import run_search

PER_PAGE = 20
MAX_PAGE = 50
FILTERS = ("role", "kind", "theme", "topic")
# The parameter that searches for the query as typed, without correcting it.
EXACT = "exakt"


def _page_number(raw: str | None) -> int:
    try:
        return min(max(int(raw or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _filters(ctx: SiteContext, query: str, params: dict[str, str], notices: list):
    """The request's filters; a value the site does not know is dropped, with
    a notice, and the search runs without it."""
    for name, value in list(params.items()):
        try:
            ResourceFilters.parse(ctx, **{name: value})
        except DeliveryError as error:
            notices.append(
                _("Filtret ignorerades: %(reason)s") % {"reason": error.detail}
            )
            del params[name]
    # A role chosen here is an explicit filter, not only a preference.
    return ResourceFilters.parse(ctx, q=query, role_strict="role" in params, **params)


# Not kept by the server: every search is counted for the editors' report.
@cacheable(keep=False)
def search_page(request: HttpRequest):
    language = translation.get_language() or "sv"
    language = language if language in LOCALES else "sv"
    try:
        ctx = SiteContext.from_request(request, None, language)
    except DeliveryError as error:
        raise Http404(error.detail) from error
    query = service.clean_query(request.GET.get("q"))
    params = {name: request.GET.get(name, "").strip() for name in FILTERS}
    params = {name: value for name, value in params.items() if value}
    notices: list[str] = []
    context = {
        "page": ctx.root,
        # The same address in the other language (locale_tags.page_alternates).
        "site_view": True,
        "query": query,
        "params": params,
        "notices": notices,
        "items": [],
        "total": 0,
        "facets": {},
    }
    if query and ctx.root is not None:
        filters = _filters(ctx, query, params, notices)
        # The reader's role (pages/reader.py) lifts its material to the top.
        role = chosen_role(request, ctx)
        if role is not None and not filters.roles:
            filters.boost_roles = [role.slug, ALL_STAFF_SLUG]
        exact = request.GET.get(EXACT) == "1"
        filters.correct_spelling = not exact
        number = _page_number(request.GET.get("sida"))
        found = run_search(ctx, filters, None, PER_PAGE, (number - 1) * PER_PAGE)
        context |= {
            "items": _with_sharer(ctx, found.summaries(ctx)),
            "total": found.total,
            "facets": _facet_links(found.facets, query, params, exact),
            "previous_url": (
                _url(query, params, number - 1, exact) if number > 1 else None
            ),
            "next_url": (
                _url(query, params, number + 1, exact)
                if number * PER_PAGE < found.total and number < MAX_PAGE
                else None
            ),
            "page_number": number,
            "corrected_query": filters.corrected_query,
            "exact_url": _url(query, params, exact=True),
        }
    return TemplateResponse(request, "search/search_page.html", context)


def _with_sharer(ctx: SiteContext, items: list[dict]) -> list[dict]:
    """Name the site that shared each item (`shared_by`), as the cards do."""
    names = {profile.slug: profile.site.site_name for profile in ctx.profiles()}
    for item in items:
        shared_from = item.get("shared_from")
        item["shared_by"] = names.get(shared_from["site"]) if shared_from else None
    return items


def _url(
    query: str, params: dict[str, str], number: int = 1, exact: bool = False
) -> str:
    values = {"q": query, **params}
    if exact:
        values[EXACT] = "1"
    if number > 1:
        values["sida"] = str(number)
    return "?" + urlencode(values)


FACET_TITLES = {
    "role": gettext_lazy("Roll"),
    "kind": gettext_lazy("Typ"),
    "theme": gettext_lazy("Tema"),
    "topic": gettext_lazy("Ämne"),
}


def _facet_links(
    facets: dict, query: str, params: dict[str, str], exact: bool
) -> list[dict]:
    """Each facet with counts as links that set its value (or clear it)."""

    def url(values: dict[str, str]) -> str:
        return _url(query, values, exact=exact)

    return [
        facet_group(FACET_TITLES[name], name, facets[name], params, url)
        for name in FACETS
        if facets.get(name)
    ]
