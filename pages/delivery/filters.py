"""Resource filters and ordering, as API.md defines them: each filter declared once.

A list filter (role, kind, theme, topic) is one ListFilter: how its values
are checked, what they mean in SQL (`sql`), what they mean for a row in
memory (`admits`: a search match, or a facet group), and under which key a
row is counted in its facet (`facet_key`). The API, the site's listings,
search and the facet counts (facets.py) all come from these declarations;
locale and site are the SiteContext's, `updated_since` and `q` are below.
A list filter's values are OR'ed; different filters are AND'ed.
"""

import datetime
import functools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import ALL_STAFF_SLUG, ResourcePageRole

from .context import SiteContext
from .errors import DeliveryError
from .kinds import KIND_MODELS, resource_content_types
from .search_seam import search_matches
from .sql import under

ORDERINGS = {
    "-published": ("-first_published_at", "-pk"),
    "published": ("first_published_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)


class Row(Protocol):
    """What a filter reads of a resource in memory: a search match, or a
    group of resources alike in kind, topic and roles (facets.py)."""

    content_type_id: int
    topic_path: str

    def has_role(self, slugs: frozenset[str]) -> bool: ...


def values_of(raw: str | Iterable[str] | None) -> list[str]:
    """A list parameter's values, given as `a,b`, as `[a, b]` (a repeated
    parameter) or mixed; blanks dropped, order and first occurrence kept."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else raw
    found: dict[str, None] = {}
    for item in items:
        for value in item.split(","):
            if value.strip():
                found.setdefault(value.strip(), None)
    return list(found)


@dataclass(frozen=True)
class ListFilter:
    """One list filter: its name (the parameter and the facet) and meaning."""

    name: str
    # The values checked against what the site knows (DeliveryError if not).
    check: Callable[[SiteContext, list[str]], None]
    # The resources with any of the values, as a filter on pages.
    sql: Callable[[SiteContext, "ResourceFilters", list[str]], Q]
    # The same, as a test of a row in memory (prepared once per request).
    admits: Callable[[SiteContext, "ResourceFilters", list[str]], Callable]
    # The facet a row is counted under; None: counted apart (roles).
    facet_key: Callable[[SiteContext, Row], str] | None = None


def _check_roles(ctx: SiteContext, slugs: list[str]) -> None:
    known = {slug for slug, _name, _order in ctx.roles().values()}
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise DeliveryError(_("Okänd roll: %(roles)s.") % {"roles": ", ".join(unknown)})


def _role_sql(ctx: SiteContext, filters: "ResourceFilters", slugs: list[str]) -> Q:
    return Q(
        Exists(
            ResourcePageRole.objects.filter(
                page_id=OuterRef("pk"), role__slug__in=filters.role_slugs()
            )
        )
    )


def _role_admits(ctx: SiteContext, filters: "ResourceFilters", slugs: list[str]):
    wanted = frozenset(filters.role_slugs())
    return lambda row: row.has_role(wanted)


def _check_kinds(ctx: SiteContext, kinds: list[str]) -> None:
    unknown = [kind for kind in kinds if kind not in KIND_MODELS]
    if unknown:
        raise DeliveryError(
            _("Okänd typ: %(kinds)s. Tillåtna värden: %(allowed)s.")
            % {"kinds": ", ".join(unknown), "allowed": ", ".join(KIND_MODELS)}
        )


def _content_types(kinds: list[str]) -> set[int]:
    return {ct for ct, kind in resource_content_types().items() if kind in kinds}


def _kind_sql(ctx: SiteContext, filters: "ResourceFilters", kinds: list[str]) -> Q:
    return Q(content_type_id__in=_content_types(kinds))


def _kind_admits(ctx: SiteContext, filters: "ResourceFilters", kinds: list[str]):
    types = _content_types(kinds)
    return lambda row: row.content_type_id in types


def _kind_key(ctx: SiteContext, row: Row) -> str:
    return resource_content_types()[row.content_type_id]


def _check_themes(ctx: SiteContext, slugs: list[str]) -> None:
    for slug in slugs:
        ctx.theme_by_slug(slug)


def _theme_sql(ctx: SiteContext, filters: "ResourceFilters", slugs: list[str]) -> Q:
    return _any_of(under(ctx.theme_by_slug(slug).path) for slug in slugs)


def _theme_admits(ctx: SiteContext, filters: "ResourceFilters", slugs: list[str]):
    paths = tuple(ctx.theme_by_slug(slug).path for slug in slugs)
    return lambda row: row.topic_path.startswith(paths)


def _theme_key(ctx: SiteContext, row: Row) -> str:
    return row.topic_path[: (ctx.root.depth + 1) * Page.steplen]


def _check_topics(ctx: SiteContext, slugs: list[str]) -> None:
    for slug in slugs:
        ctx.topic_by_slug(slug)


def _topic_sql(ctx: SiteContext, filters: "ResourceFilters", slugs: list[str]) -> Q:
    topics = [ctx.topic_by_slug(slug) for slug in slugs]
    return _any_of(under(topic.path) & Q(depth=topic.depth + 1) for topic in topics)


def _topic_admits(ctx: SiteContext, filters: "ResourceFilters", slugs: list[str]):
    paths = {ctx.topic_by_slug(slug).path for slug in slugs}
    return lambda row: row.topic_path in paths


def _topic_key(ctx: SiteContext, row: Row) -> str:
    return row.topic_path


def _any_of(parts: Iterable[Q]) -> Q:
    """The parts OR'ed (a list filter has at least one value)."""
    return functools.reduce(operator.or_, parts)


ROLE = ListFilter("role", _check_roles, _role_sql, _role_admits)
KIND = ListFilter("kind", _check_kinds, _kind_sql, _kind_admits, _kind_key)
THEME = ListFilter("theme", _check_themes, _theme_sql, _theme_admits, _theme_key)
TOPIC = ListFilter("topic", _check_topics, _topic_sql, _topic_admits, _topic_key)
# The list filters, in the order the facets are given.
LIST_FILTERS = (ROLE, KIND, THEME, TOPIC)
FACETS = tuple(list_filter.name for list_filter in LIST_FILTERS)
BY_NAME = {list_filter.name: list_filter for list_filter in LIST_FILTERS}


def parse_timestamp(raw: str) -> datetime.datetime:
    """An ISO 8601 date or date-time; naive values are taken as UTC."""
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            if day is not None:
                value = datetime.datetime.combine(day, datetime.time.min)
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=datetime.UTC)
            value = value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        # Well-formed but impossible (month 13), or outside what UTC can hold.
        value = None
    if value is None:
        raise DeliveryError(
            _(
                "updated_since måste vara en ISO 8601-tidpunkt, "
                "t.ex. 2026-01-31T12:00:00Z."
            )
        )
    # Nothing was published before 1970 or will be after 9000; clamping keeps
    # the answer and spares the database driver dates it cannot convert.
    return min(max(value, EARLIEST), LATEST)


@dataclass
class ResourceFilters:
    roles: list[str] = field(default_factory=list)
    role_strict: bool = False
    themes: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    q: str | None = None
    updated_since: datetime.datetime | None = None
    # Roles whose material a search lifts instead of filtering (/search/).
    boost_roles: list[str] = field(default_factory=list)
    found: list | None = None
    # Whether the search stopped at the engine's MAX_MATCHES: the count (and
    # the facets) then cover the first MAX_MATCHES matches only.
    capped: bool = False
    # Whether a search that finds too little may correct the query's
    # spelling (/search/ and the site's search page), and the query as it
    # was corrected (search_seam.py).
    correct_spelling: bool = False
    corrected_query: str | None = None

    @classmethod
    def parse(
        cls,
        ctx: SiteContext,
        *,
        role: str | Iterable[str] | None = None,
        role_strict: bool = False,
        theme: str | Iterable[str] | None = None,
        topic: str | Iterable[str] | None = None,
        kind: str | Iterable[str] | None = None,
        q: str | None = None,
        updated_since: str | None = None,
    ) -> "ResourceFilters":
        """Filters from request parameters; a list parameter as `a,b`, as a
        list (repeated parameter), or both. DeliveryError for a value the
        site does not know."""
        filters = cls(role_strict=role_strict, q=(q or "").strip() or None)
        given = {"kind": kind, "role": role, "theme": theme, "topic": topic}
        for name, raw in given.items():
            values = values_of(raw)
            if values:
                BY_NAME[name].check(ctx, values)
                filters.set_values(name, values)
        if updated_since:
            filters.updated_since = parse_timestamp(updated_since)
        return filters

    def values(self, name: str) -> list[str]:
        """The chosen values of list filter `name`."""
        return getattr(self, f"{name}s")

    def set_values(self, name: str, values: list[str]) -> None:
        setattr(self, f"{name}s", values)

    def active(self, skip: Iterable[str] = ()) -> list[tuple[ListFilter, list[str]]]:
        """The list filters in use, except those named in `skip`."""
        return [
            (list_filter, self.values(list_filter.name))
            for list_filter in LIST_FILTERS
            if self.values(list_filter.name) and list_filter.name not in skip
        ]

    def role_slugs(self) -> list[str]:
        """The roles a resource may carry to pass the role filter."""
        return self.roles if self.role_strict else [*self.roles, ALL_STAFF_SLUG]

    def apply(self, ctx: SiteContext, queryset: QuerySet, skip=()):
        """The queryset narrowed by every filter except those named in `skip`."""
        for list_filter, values in self.active(skip):
            queryset = queryset.filter(list_filter.sql(ctx, self, values))
        if self.updated_since is not None and "updated_since" not in skip:
            queryset = queryset.filter(last_published_at__gte=self.updated_since)
        if self.q is not None and "q" not in skip:
            queryset = queryset.filter(pk__in=self.matching_ids(ctx))
        return queryset

    def admitting(self, ctx: SiteContext, skip=()) -> Callable[[Row], bool]:
        """A test of whether a row passes every list filter not in `skip`,
        as apply() would (prepared once: it runs for every search match).
        Search matches have passed `updated_since` and `q` already."""
        tests = [
            list_filter.admits(ctx, self, values)
            for list_filter, values in self.active(skip)
        ]
        return lambda row: all(test(row) for test in tests)

    def search_matches(self, ctx: SiteContext) -> list:
        """The visible resources matching `q`, most relevant first (computed
        once; search_seam.py)."""
        if self.found is None:
            self.found, self.capped, self.corrected_query = search_matches(ctx, self)
        return self.found

    def matching_ids(self, ctx: SiteContext) -> list[int]:
        """Ids of the visible resources matching `q`, most relevant first."""
        return [match.pk for match in self.search_matches(ctx)]


def ordering(order: str | None, filters: ResourceFilters) -> tuple[str, ...] | None:
    """The fields `order` sorts by; None for relevance (the default with `q`)."""
    if order is None:
        order = "relevance" if filters.q else "-published"
    if order == "relevance":
        if not filters.q:
            raise DeliveryError(_("order=relevance kräver en sökfråga (q)."))
        return None
    if order not in ORDERINGS:
        raise DeliveryError(
            _("Okänd sortering: %(order)s. Tillåtna värden: %(allowed)s.")
            % {"order": order, "allowed": ", ".join([*ORDERINGS, "relevance"])}
        )
    return ORDERINGS[order]
