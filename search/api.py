"""The search endpoints of /api/v1/ (API.md): search/ and search/autocomplete/."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import gettext as _

from wagtail.models import Page

from ninja import Query, Router

from pages.api.context import SiteContext, memo, resource_content_types
from pages.api.errors import ApiError
from pages.api.filters import ResourceFilters, search_facet_counts
from pages.api.schemas import SearchResults, SuggestionList
from pages.api.serializers import SummaryBuilder, summary_rows
from pages.api.views import (
    ERRORS,
    LOCALE_DOC,
    SITE_DOC,
    ResourceQuery,
    resource_page,
    site_context,
)

from . import service

router = Router(tags=["search"])
SUGGESTIONS = 10


@router.get("search/", response={200: SearchResults, **ERRORS})
def search(request: HttpRequest, params: Query[ResourceQuery]):
    """Full-text search over the site's resources, most relevant first, with facets.

    `role` lifts the material for those roles (and for all staff) to the top
    instead of filtering; with `role_strict=true` it filters, to exactly
    those roles. Pages editors recommend for the query come first, marked
    `promoted`.
    """
    query = service.clean_query(params.q)
    if not query:
        raise ApiError(_("Sökfrågan q saknas."))
    params.q = query
    ctx = site_context(request, params.site, params.locale)
    filters = params.filters(ctx)
    found = run_search(ctx, filters, params.order, params.limit, params.offset)
    return {
        "count": found.total,
        "items": found.summaries(ctx),
        "facets": found.facets,
    }


@dataclass
class Found:
    total: int
    rows: list[Page]
    facets: dict[str, list[dict]]
    promoted: list[int] = field(default_factory=list)
    highlights: dict[int, str] = field(default_factory=dict)

    def summaries(self, ctx: SiteContext) -> list[dict]:
        """The rows as the API lists them, with each one's excerpt and flag."""
        items = SummaryBuilder(ctx).build(self.rows)
        for item in items:
            item["highlight"] = self.highlights.get(item["id"]) or None
            item["promoted"] = item["id"] in self.promoted
        return items


def run_search(
    ctx: SiteContext, filters: ResourceFilters, order, limit: int, offset: int
) -> Found:
    """One page of results for `filters.q`, with its facets, as the API and
    the site show them.

    Unless the filters are strict about roles, the requested roles lift
    their material instead of filtering it. Counted for the query report.
    """
    if filters.roles and not filters.role_strict:
        filters.boost_roles, filters.roles = filters.role_slugs(), []
    total, rows = resource_page(ctx, filters, order, limit, offset)
    promoted = _promoted(ctx, filters, filters.q) if offset == 0 else []
    if promoted:
        # Recommended pages first, whether or not the query matched them.
        chosen = summary_rows(ctx.resources().filter(pk__in=promoted))
        by_id = {page.pk: page for page in chosen}
        rest = [page for page in rows if page.pk not in by_id]
        rows = ([by_id[pk] for pk in promoted if pk in by_id] + rest)[:limit]
        matched = set(filters.matching_ids(ctx))
        total += sum(1 for pk in by_id if pk not in matched)
    highlights = service.excerpts(
        [page.pk for page in rows], filters.q, ctx.language_code
    )
    service.record(filters.q, found=total > 0)
    facets = search_facet_counts(ctx, filters)
    return Found(total, rows, facets, promoted, highlights)


def _promoted(ctx: SiteContext, filters: ResourceFilters, query: str) -> list[int]:
    """Recommended pages that this site shows and the other filters let through."""
    wanted = service.promoted_ids(
        query, memo.get(ctx.version, "promotions", service.promotions)
    )
    if not wanted:
        return []
    passing = set(
        filters.apply(ctx, ctx.resources(), skip=("q",))
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    return [pk for pk in wanted if pk in passing]


@router.get("search/autocomplete/", response={200: SuggestionList, **ERRORS})
def autocomplete(
    request: HttpRequest,
    q: str | None = Query(None, description="Början av en titel (krävs)."),
    site: str | None = Query(None, description=SITE_DOC),
    locale: str | None = Query(None, description=LOCALE_DOC),
):
    """Up to 10 resource titles that begin like `q`."""
    query = service.clean_query(q)
    if not query:
        raise ApiError(_("Sökfrågan q saknas."))
    ctx = site_context(request, site, locale)
    if ctx.root is None:
        return {"items": []}
    ranked = service.suggested_ids(
        query, ctx.root.path, ctx.language_code, limit=5 * SUGGESTIONS
    )
    visible = {page.pk: page for page in ctx.resources().filter(pk__in=ranked)}
    kinds = resource_content_types()
    return {
        "items": [
            {
                "title": page.title,
                "url": page.get_full_url(request),
                "kind": kinds[page.content_type_id],
                "id": page.pk,
            }
            for page in [visible[pk] for pk in ranked if pk in visible][:SUGGESTIONS]
        ]
    }
