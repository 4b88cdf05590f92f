"""A search as the API and the site's search page run it: one page of
results with facets, the editors' recommendations and excerpts."""

from dataclasses import dataclass, field, replace

from wagtail.models import Page

from pages.delivery.context import SiteContext
from pages.delivery.facets import search_facet_counts
from pages.delivery.filters import ResourceFilters
from pages.delivery.memo import memo
from pages.delivery.results import resource_page, summary_rows
from pages.delivery.summaries import SummaryBuilder

from . import service


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
        filters = replace(filters, boost_roles=filters.role_slugs(), roles=[])
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
