"""Resource filters, ordering and facet counts, as API.md defines them."""

import datetime
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Substr
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import ALL_STAFF_SLUG, ResourcePageRole
from search import service as search_service
from search.backends import Hit

from .context import KIND_MODELS, SiteContext, memo, resource_content_types, under
from .errors import ApiError

ORDERINGS = {
    "-published": ("-first_published_at", "-pk"),
    "published": ("first_published_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}
FACETS = ("role", "kind", "theme", "topic")
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)
MAX_SEARCH_MATCHES = search_service.MAX_MATCHES


def comma_list(raw: str | None) -> list[str]:
    return [item.strip() for item in (raw or "").split(",") if item.strip()]


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
        raise ApiError(
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
    theme: str | None = None
    topic: str | None = None
    kinds: list[str] = field(default_factory=list)
    q: str | None = None
    updated_since: datetime.datetime | None = None
    # Roles whose material a search lifts instead of filtering (/search/).
    boost_roles: list[str] = field(default_factory=list)
    found: list["Match"] | None = None

    @classmethod
    def parse(
        cls,
        ctx: SiteContext,
        *,
        role: str | None = None,
        role_strict: bool = False,
        theme: str | None = None,
        topic: str | None = None,
        kind: str | None = None,
        q: str | None = None,
        updated_since: str | None = None,
    ) -> "ResourceFilters":
        filters = cls(role_strict=role_strict, q=(q or "").strip() or None)
        filters.kinds = comma_list(kind)
        unknown_kinds = [k for k in filters.kinds if k not in KIND_MODELS]
        if unknown_kinds:
            raise ApiError(
                _("Okänd typ: %(kinds)s. Tillåtna värden: %(allowed)s.")
                % {"kinds": ", ".join(unknown_kinds), "allowed": ", ".join(KIND_MODELS)}
            )
        filters.roles = comma_list(role)
        if filters.roles:
            known = {slug for slug, _name, _order in ctx.roles().values()}
            unknown_roles = [slug for slug in filters.roles if slug not in known]
            if unknown_roles:
                raise ApiError(
                    _("Okänd roll: %(roles)s.") % {"roles": ", ".join(unknown_roles)}
                )
        if theme:
            filters.theme = theme
            ctx.theme_by_slug(theme)
        if topic:
            filters.topic = topic
            ctx.topic_by_slug(topic)
        if updated_since:
            filters.updated_since = parse_timestamp(updated_since)
        return filters

    def role_slugs(self) -> list[str]:
        """The roles a resource may carry to pass the role filter."""
        return self.roles if self.role_strict else [*self.roles, ALL_STAFF_SLUG]

    def apply(self, ctx: SiteContext, queryset: QuerySet, skip=()):
        """The queryset narrowed by every filter except those named in `skip`."""
        if self.roles and "role" not in skip:
            queryset = queryset.filter(
                Exists(
                    ResourcePageRole.objects.filter(
                        page_id=OuterRef("pk"), role__slug__in=self.role_slugs()
                    )
                )
            )
        if self.kinds and "kind" not in skip:
            kind_ids = [
                ct
                for ct, kind in resource_content_types().items()
                if kind in self.kinds
            ]
            queryset = queryset.filter(content_type_id__in=kind_ids)
        if self.theme and "theme" not in skip:
            queryset = queryset.filter(under(ctx.theme_by_slug(self.theme).path))
        if self.topic and "topic" not in skip:
            topic = ctx.topic_by_slug(self.topic)
            queryset = queryset.filter(under(topic.path), depth=topic.depth + 1)
        if self.updated_since is not None and "updated_since" not in skip:
            queryset = queryset.filter(last_published_at__gte=self.updated_since)
        if self.q is not None and "q" not in skip:
            queryset = queryset.filter(pk__in=self.matching_ids(ctx))
        return queryset

    def search_matches(self, ctx: SiteContext) -> list["Match"]:
        """The visible resources matching `q`, most relevant first (computed once).

        The search stays in the site's tree and language and considers at
        most MAX_SEARCH_MATCHES. Its index holds only what the public may
        see (search/documents.py), and each hit comes with what the
        filters, the role boost and the facets read, so a search is
        filtered and counted without going back to the page tables.
        """
        if self.found is None:
            self.found = []
            if ctx.root is not None and ctx.root.live and self.q:
                hits = search_service.hits(
                    self.q,
                    ctx.root.path,
                    ctx.language_code,
                    MAX_SEARCH_MATCHES,
                    version=ctx.version,
                )
                matches = Match.of_hits(ctx, hits, self.updated_since)
                boost = set(self.boost_roles)
                lifted = {
                    pk
                    for pk, match in matches.items()
                    if not boost.isdisjoint(match.role_slugs)
                }
                self.found = [
                    matches[pk]
                    for pk in search_service.boosted(hits, lifted)
                    if pk in matches
                ]
        return self.found

    def matching_ids(self, ctx: SiteContext) -> list[int]:
        """Ids of the visible resources matching `q`, most relevant first."""
        return [match.pk for match in self.search_matches(ctx)]

    def admitting(self, ctx: SiteContext, skip=()) -> Callable[["Match"], bool]:
        """A test of whether a search match passes every filter not in `skip`,
        as apply() would (prepared once: it runs for every match). Matches
        have passed `updated_since` already (search_matches)."""
        roles = set(self.role_slugs()) if self.roles and "role" not in skip else None
        kinds = None
        if self.kinds and "kind" not in skip:
            types = resource_content_types()
            kinds = {ct for ct, kind in types.items() if kind in self.kinds}
        theme = None
        if self.theme and "theme" not in skip:
            theme = ctx.theme_by_slug(self.theme).path
        topic = None
        if self.topic and "topic" not in skip:
            topic = ctx.topic_by_slug(self.topic).path

        def admits(match: Match) -> bool:
            return (
                (roles is None or not roles.isdisjoint(match.role_slugs))
                and (kinds is None or match.content_type_id in kinds)
                and (theme is None or match.path.startswith(theme))
                and (topic is None or match.topic_path == topic)
            )

        return admits


class Match:
    """A visible resource that a search found, with what filters and facets read.

    A plain class with slots: a search makes up to a thousand of them.
    """

    __slots__ = ("pk", "content_type_id", "path", "roles", "role_slugs")

    def __init__(
        self,
        pk: int,
        content_type_id: int,
        path: str,
        roles: tuple[tuple[str, str, int], ...],
        role_slugs: frozenset[str],
    ) -> None:
        self.pk = pk
        self.content_type_id = content_type_id
        self.path = path
        # The roles as (slug, name, sort order), and their slugs.
        self.roles = roles
        self.role_slugs = role_slugs

    @property
    def topic_path(self) -> str:
        return self.path[: -Page.steplen]

    @classmethod
    def of_hits(
        cls, ctx: SiteContext, hits: list[Hit], updated_since=None
    ) -> dict[int, "Match"]:
        """The hits as matches, by id, with their roles; with
        `updated_since`, only those published since then (one query)."""
        if updated_since is not None:
            recent = set(
                ctx.resources()
                .filter(
                    pk__in=id_list([hit.page_id for hit in hits]),
                    last_published_at__gte=updated_since,
                )
                .values_list("pk", flat=True)
            )
            hits = [hit for hit in hits if hit.page_id in recent]
        # A site has far fewer role lists than matches: each is parsed
        # once per content version, when a search first meets it.
        by_list = memo.get(ctx.version, "role_lists", dict)
        missing = {
            hit.facts.role_ids for hit in hits if hit.facts.role_ids not in by_list
        }
        if missing:
            roles = ctx.roles()
            for role_ids in missing:
                own = tuple(
                    roles[int(pk)]
                    for pk in role_ids.split(",")
                    if pk and int(pk) in roles
                )
                by_list[role_ids] = (own, frozenset(slug for slug, _n, _o in own))
        return {
            hit.page_id: cls(
                hit.page_id,
                hit.facts.content_type_id,
                hit.facts.path,
                *by_list[hit.facts.role_ids],
            )
            for hit in hits
        }


def id_list(ids: list[int]) -> RawSQL:
    """A subquery of `ids`, sent as one JSON parameter instead of a
    placeholder per id: for the 1,000 ids of a search, Django and the
    driver spend several milliseconds on the placeholders alone."""
    if connection.vendor == "postgresql":
        sql = "SELECT jsonb_array_elements_text(%s::jsonb)::integer"
    else:
        sql = "SELECT value FROM json_each(%s)"
    return RawSQL(sql, [json.dumps(ids)])  # noqa: S611 - constant SQL, one bound parameter


def ordering(order: str | None, filters: ResourceFilters) -> tuple[str, ...] | None:
    """The fields `order` sorts by; None for relevance (the default with `q`)."""
    if order is None:
        order = "relevance" if filters.q else "-published"
    if order == "relevance":
        if not filters.q:
            raise ApiError(_("order=relevance kräver en sökfråga (q)."))
        return None
    if order not in ORDERINGS:
        raise ApiError(
            _("Okänd sortering: %(order)s. Tillåtna värden: %(allowed)s.")
            % {"order": order, "allowed": ", ".join([*ORDERINGS, "relevance"])}
        )
    return ORDERINGS[order]


def facet_counts(ctx: SiteContext, filters: ResourceFilters) -> dict[str, list[dict]]:
    """Counts per role, kind, theme and topic, each with the other filters applied.

    Two small grouped queries whatever the filters: roles counted among the
    resources that pass every other filter, and resources grouped by kind,
    topic and whether they pass the role filter; the kind, theme and topic
    facets each leave out their own filter when summing those groups.
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
    return _facets(ctx, filters, list(role_rows), list(groups))


def search_facet_counts(
    ctx: SiteContext, filters: ResourceFilters
) -> dict[str, list[dict]]:
    """facet_counts() for a search, counted over its matches without a query."""
    if ctx.root is None:
        return {name: [] for name in FACETS}
    # Matches of one kind, topic and list of roles pass or fail each filter
    # alike: the filters are tested once per such group, not per match.
    alike: Counter = Counter()
    example: dict[tuple, Match] = {}
    for match in filters.search_matches(ctx):
        key = (match.content_type_id, match.topic_path, match.roles)
        alike[key] += 1
        example.setdefault(key, match)
    roles: Counter = Counter()
    groups: Counter = Counter()
    counts_roles = filters.admitting(ctx, skip=("role",))
    counts_groups = filters.admitting(ctx, skip=FACETS)
    passes_role = filters.admitting(ctx, skip=("kind", "theme", "topic"))
    for key, count in alike.items():
        match = example[key]
        if counts_roles(match):
            for role in match.roles:
                roles[role] += count
        if counts_groups(match):
            groups[(key[0], key[1], passes_role(match))] += count
    role_rows = sorted(
        ((*role, count) for role, count in roles.items()),
        key=lambda row: (row[2], row[0]),
    )
    return _facets(
        ctx, filters, role_rows, [(*key, count) for key, count in groups.items()]
    )


def _facets(ctx, filters, role_rows, groups) -> dict[str, list[dict]]:
    """The facets from role counts (slug, name, sort order, count) and from
    counts per (content type, topic path, passes the role filter)."""
    kinds = resource_content_types()
    theme_end = (ctx.root.depth + 1) * Page.steplen
    theme_path = ctx.theme_by_slug(filters.theme).path if filters.theme else None
    topic_path = ctx.topic_by_slug(filters.topic).path if filters.topic else None
    counts: dict[str, dict] = {"kind": {}, "theme": {}, "topic": {}}
    for content_type_id, path, role_ok, count in groups:
        kind = kinds[content_type_id]
        passes = {
            "role": bool(role_ok),
            "kind": not filters.kinds or kind in filters.kinds,
            "theme": theme_path is None or path.startswith(theme_path),
            "topic": topic_path is None or path == topic_path,
        }
        keys = {"kind": kind, "theme": path[:theme_end], "topic": path}
        for name, key in keys.items():
            if all(ok for other, ok in passes.items() if other != name):
                counts[name][key] = counts[name].get(key, 0) + count

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


def _named_facet(ctx: SiteContext, counts: dict[str, int], depth: int) -> list[dict]:
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
