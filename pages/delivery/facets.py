"""Facet counts: per role, kind, theme and topic, each with the other filters applied.

Counted from the filters' declarations (filters.py): a resource counts
under a value of one facet when it passes every other filter in use, as
the filters' in-memory tests (`admits`) decide. The rows counted come from
one of two places: for a list, two small grouped queries; for a search,
its matches, which the search engine brought with what the filters read.
"""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Value
from django.db.models.functions import Length, Substr

from wagtail.models import Page

from pages.models import ResourcePageRole

from .context import SiteContext
from .filters import BY_NAME, FACETS, ResourceFilters
from .kinds import KIND_MODELS


class Group:
    """Resources alike in kind and topic, and in passing the role filter."""

    __slots__ = ("content_type_id", "count", "role_ok", "topic_path")

    def __init__(self, content_type_id: int, topic_path: str, role_ok, count: int):
        self.content_type_id = content_type_id
        self.topic_path = topic_path
        self.role_ok = bool(role_ok)
        self.count = count

    def has_role(self, slugs: frozenset[str]) -> bool:
        return self.role_ok


def facet_counts(ctx: SiteContext, filters: ResourceFilters) -> dict[str, list[dict]]:
    """The facets of a list: two small grouped queries whatever the filters.

    Roles are counted among the resources that pass every other filter;
    the other facets from resources grouped by kind, topic and whether they
    pass the role filter.
    """
    if ctx.root is None:
        return {name: [] for name in FACETS}
    role_rows = (
        ResourcePageRole.objects.filter(
            page__in=filters.apply(ctx, ctx.resources(), skip=("role",)).values("pk")
        )
        .values_list("role__slug", "role__name", "role__sort_order")
        .annotate(count=Count("page_id"))
        .order_by("role__sort_order", "role__slug")
    )
    role_ok = Value(True)
    if filters.roles:
        role_ok = Exists(
            ResourcePageRole.objects.filter(
                page_id=OuterRef("pk"), role__slug__in=filters.role_slugs()
            )
        )
    groups = (
        filters.apply(ctx, ctx.resources(), skip=FACETS)
        .annotate(
            topic_path=Substr("path", 1, Length("path") - Page.steplen),
            role_ok=role_ok,
        )
        .values_list("content_type_id", "topic_path", "role_ok")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return _facets(ctx, filters, list(role_rows), [Group(*row) for row in groups])


def search_facet_counts(
    ctx: SiteContext, filters: ResourceFilters
) -> dict[str, list[dict]]:
    """facet_counts() for a search, counted over its matches without a query."""
    if ctx.root is None:
        return {name: [] for name in FACETS}
    # Matches of one kind, topic and list of roles pass or fail each filter
    # alike: the filters are tested once per such group, not per match, and
    # not at all when none is in use (a plain search, the common case).
    matches = filters.search_matches(ctx)
    steplen = Page.steplen
    keys = [
        (match.content_type_id, match.path[:-steplen], match.roles) for match in matches
    ]
    alike = Counter(keys)
    example = dict(zip(keys, matches, strict=True))
    roles: Counter = Counter()
    groups: Counter = Counter()
    counts_roles = _test(ctx, filters, skip=("role",))
    passes_role = _test(ctx, filters, skip=("kind", "theme", "topic"))
    for key, count in alike.items():
        match = example[key]
        if counts_roles is None or counts_roles(match):
            for role in key[2]:
                roles[role] += count
        groups[(key[0], key[1], passes_role is None or passes_role(match))] += count
    role_rows = sorted(
        ((*role, count) for role, count in roles.items()),
        key=lambda row: (row[2], row[0]),
    )
    return _facets(
        ctx, filters, role_rows, [Group(*key, count) for key, count in groups.items()]
    )


def _test(ctx: SiteContext, filters: ResourceFilters, skip: tuple[str, ...]):
    """filters.admitting(ctx, skip), or None when no filter is left to test."""
    return filters.admitting(ctx, skip) if filters.active(skip) else None


def _facets(ctx, filters, role_rows, groups: list[Group]) -> dict[str, list[dict]]:
    """The facets from role counts (slug, name, sort order, count) and from
    groups of resources, each counted under the value of every facet whose
    other filters it passes."""
    counts: dict[str, Counter] = {}
    for name in FACETS:
        list_filter = BY_NAME[name]
        if list_filter.facet_key is None:
            continue
        passes = _test(ctx, filters, skip=(name,))
        counted = counts[name] = Counter()
        for group in groups:
            if passes is None or passes(group):
                counted[list_filter.facet_key(ctx, group)] += group.count
    return {
        "role": [
            {"slug": slug, "name": name, "count": count}
            for slug, name, _order, count in role_rows
        ],
        "kind": [
            {"slug": kind, "count": counts["kind"][kind]}
            for kind in KIND_MODELS
            if counts["kind"].get(kind)
        ],
        "theme": _named_facet(ctx, counts["theme"], ctx.root.depth + 1),
        "topic": _named_facet(ctx, counts["topic"], ctx.root.depth + 2),
    }


def _named_facet(ctx: SiteContext, counts: Counter, depth: int) -> list[dict]:
    return [
        {
            "slug": page.slug,
            "title": page.title,
            "locale": page.content_language,
            "count": counts[path],
        }
        for path, page in ctx.structure.items()
        if page.depth == depth and counts.get(path)
    ]
