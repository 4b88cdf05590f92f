"""A page of results, and a resource's related material, in a few cheap queries."""

from django.db.models import F, Q, TextField
from django.db.models.functions import Coalesce

from wagtail.models import Page

from pages.models import RESOURCE_MODELS

from .context import SiteContext
from .filters import ResourceFilters, ordering

CHILD_ACCESSORS = [model._meta.model_name for model in RESOURCE_MODELS]

# The page columns a summary reads (the API's SummaryBuilder and Page.get_url_parts).
SUMMARY_FIELDS = (
    "id",
    "content_type_id",
    "title",
    "slug",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "alias_of_id",
)


def with_specific_rows(queryset):
    """Join each resource kind's own table (and listing image) into one query."""
    return queryset.select_related(
        *CHILD_ACCESSORS, *(f"{name}__listing_image" for name in CHILD_ACCESSORS)
    )


def summary_rows(queryset):
    """Pages as a summary reads them, in one query: the page columns it
    uses, and the kind's summary and listing image id as annotations, taken
    from whichever kind's table has the row. No instance of each kind's
    model, nor its long texts: compiling, reading and building those took
    most of the time of fetching a page of results."""
    return queryset.only(*SUMMARY_FIELDS).annotate(
        kind_summary=Coalesce(
            *(F(f"{name}__summary") for name in CHILD_ACCESSORS),
            output_field=TextField(),
        ),
        kind_image_id=Coalesce(
            *(F(f"{name}__listing_image_id") for name in CHILD_ACCESSORS)
        ),
    )


def resource_page(
    ctx: SiteContext, filters: ResourceFilters, order, limit: int, offset: int
):
    """(total, pages) for one page of results, in at most three cheap queries.

    The page's ids come first, from the page table alone, then the total
    (not needed when the first page is not full); only those rows are then
    fetched with each kind's own table. The total is not a window count
    over the ids query: on PostgreSQL that made the planner walk the
    publication-date index over every site's pages (126 ms instead of 37
    for a site's 7,000 resources among 100,000). Ranked by relevance, the
    search's matches are filtered and counted as they are (search_matches).
    """
    fields = ordering(order, filters)
    if fields is None:
        admits = filters.admitting(ctx)
        ordered = [match.pk for match in filters.search_matches(ctx) if admits(match)]
        total, window = len(ordered), ordered[offset : offset + limit]
    else:
        queryset = filters.apply(ctx, ctx.resources()).order_by(*fields)
        window = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
        short = offset == 0 and len(window) < limit
        total = len(window) if short else queryset.count()
    # Unordered: the window's order is kept below, and ordering a select of
    # every kind's columns costs Django more than the query itself.
    fetched = summary_rows(Page.objects.filter(pk__in=window).order_by())
    rows = {page.pk: page for page in fetched}
    return total, [rows[pk] for pk in window if pk in rows]


def prefer_locale(pages: list[Page], locale_id: int, candidates) -> list[Page]:
    """`pages`, each of another locale replaced by its translation in
    `locale_id` where `candidates` (a queryset: what the reader may see)
    holds one; in order, without repeats."""
    foreign = {page.translation_key for page in pages if page.locale_id != locale_id}
    translated = {}
    if foreign:
        translated = {
            page.translation_key: page
            for page in candidates.filter(
                translation_key__in=foreign, locale_id=locale_id
            )
        }
    found, seen = [], set()
    for page in pages:
        if page.locale_id != locale_id:
            page = translated.get(page.translation_key, page)
        if page.pk not in seen:
            seen.add(page.pk)
            found.append(page)
    return found


def own_copies(ctx: SiteContext, pages: list[Page]) -> list[Page]:
    """`pages`, each that another site owns replaced by this site's copy of
    it (a member's alias of GR's page) where the public may see one; in
    order, without repeats. A reader of a member's site stays on it: only
    material the site has no copy of keeps its own site's address."""
    copies = copies_here(ctx, pages)
    found, seen = [], set()
    for page in pages:
        page = copies.get(page.pk, page)
        if page.pk not in seen:
            seen.add(page.pk)
            found.append(page)
    return found


def copies_here(ctx: SiteContext, pages: list[Page]) -> dict[int, Page]:
    """{page id: this site's copy the public may see} for those of `pages`
    that another site owns and this site has a copy of (own_copies).

    The pages need their url_path and alias_of_id; the copies come with the
    columns of SUMMARY_FIELDS. One query, none when every page is the
    site's own.
    """
    own_roots = tuple(ctx.own_root_paths())
    away = [page for page in pages if not page.url_path.startswith(own_roots)]
    if not away or not own_roots:
        return {}
    originals = {page.alias_of_id or page.pk for page in away}
    in_site = Q(pk__in=[])
    for root in own_roots:
        in_site |= Q(url_path__startswith=root)
    by_original = {}
    for copy in Page.objects.filter(
        in_site, ctx.visible(), Q(alias_of__in=originals) | Q(pk__in=originals)
    ).only(*SUMMARY_FIELDS):
        original = copy.alias_of_id if copy.alias_of_id in originals else copy.pk
        by_original[original] = copy
    return {
        page.pk: by_original[page.alias_of_id or page.pk]
        for page in away
        if (page.alias_of_id or page.pk) in by_original
    }


def related_resources(ctx: SiteContext, page: Page, locale_id: int, candidates):
    """The related resources of `page` (a specific resource) among
    `candidates` (a queryset of visible pages), in editor order, each in
    the language of `locale_id` where the public may see a translation of
    it, and each this site's copy of it where the site has one (own_copies):
    editors link GR's originals, which a member's site shows as its own."""
    related_ids = [link.target_id for link in page.related_links.all()]
    anywhere = Page.objects.filter(ctx.visible()).only(
        "pk", "locale_id", "translation_key", "url_path", "alias_of_id"
    )
    found = {p.pk: p for p in anywhere.filter(pk__in=related_ids)}
    chosen = own_copies(
        ctx,
        prefer_locale(
            [found[pk] for pk in related_ids if pk in found], locale_id, anywhere
        ),
    )
    allowed = set(
        candidates.filter(pk__in=[p.pk for p in chosen]).values_list("pk", flat=True)
    )
    return [p for p in chosen if p.pk in allowed]
