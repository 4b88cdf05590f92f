"""The search endpoints of /api/v1/ (API.md): search/ and search/autocomplete/."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from wagtail.models import Page

from ninja import Query, Router

from pages.api.schemas import SearchResults, SuggestionList
from pages.api.views import (
    ERRORS,
    SITE_DOC,
    LocaleQuery,
    ResourceQuery,
    site_context,
)
from pages.delivery.context import SiteContext
from pages.delivery.errors import DeliveryError
from pages.delivery.kinds import resource_content_types

from . import service
from .querying import run_search

router = Router(tags=["search"])
SUGGESTIONS = 10
EXACT_DOC = (
    "true: sök bara på frågan som den skrevs, utan att rätta stavningen "
    "(corrected_query är då alltid null). Standard: false."
)


@router.get("search/", response={200: SearchResults, **ERRORS})
def search(
    request: HttpRequest,
    params: Query[ResourceQuery],
    exact: bool = Query(False, description=EXACT_DOC),
):
    """Full-text search over the site's resources, most relevant first, with facets.

    `role` lifts the material for those roles (and for all staff) to the top
    instead of filtering; with `role_strict=true` it filters, to exactly
    those roles. Pages editors recommend for the query come first, marked
    `promoted`. A query that finds fewer than three resources is corrected
    from the words of the site's published material, if that finds more:
    `corrected_query` says so, unless `exact=true`.
    """
    query = service.clean_query(params.q)
    if not query:
        raise DeliveryError(_("Sökfrågan q saknas."))
    params.q = query
    ctx = site_context(request, params.site, params.locale)
    filters = params.filters(ctx)
    filters.correct_spelling = not exact
    found = run_search(ctx, filters, params.order, params.limit, params.offset)
    return {
        "count": found.total,
        "count_is_lower_bound": filters.capped,
        "items": found.summaries(ctx),
        "facets": found.facets,
        "corrected_query": filters.corrected_query,
        "original_query": query if filters.corrected_query else None,
    }


@router.get("search/autocomplete/", response={200: SuggestionList, **ERRORS})
def autocomplete(
    request: HttpRequest,
    q: str | None = Query(None, description="Början av en titel (krävs)."),
    site: str | None = Query(None, description=SITE_DOC),
    locale: LocaleQuery = None,
):
    """Up to 10 resource titles that begin like `q`; if none does, those
    that begin like `q` with its spelling corrected (words of six letters
    or more)."""
    query = service.clean_query(q)
    if not query:
        raise DeliveryError(_("Sökfrågan q saknas."))
    ctx = site_context(request, site, locale)
    if ctx.root is None:
        return {"items": []}
    pages = _suggestions(ctx, query)
    if not pages:
        corrected = service.correction(query, ctx.root.path, ctx.language_code)
        if corrected is not None:
            pages = _suggestions(ctx, corrected)
    kinds = resource_content_types()
    return {
        "items": [
            {
                "title": page.title,
                "url": page.get_full_url(request),
                "kind": kinds[page.content_type_id],
                "id": page.pk,
            }
            for page in pages
        ]
    }


def _suggestions(ctx: SiteContext, query: str) -> list[Page]:
    """The visible resources whose titles begin like `query`, best first."""
    ranked = service.suggested_ids(
        query, ctx.root.path, ctx.language_code, limit=5 * SUGGESTIONS
    )
    visible = {page.pk: page for page in ctx.resources().filter(pk__in=ranked)}
    return [visible[pk] for pk in ranked if pk in visible][:SUGGESTIONS]
