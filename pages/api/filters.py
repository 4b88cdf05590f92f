"""Resource filters, ordering and facet counts, as API.md defines them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Length, Substr
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import ALL_STAFF_SLUG, ResourcePageRole, Role
from search import service as search_service

from .context import KIND_MODELS, SiteContext, resource_content_types, under
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
    search_ids: list[int] | None = None

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
            known = set(
                Role.objects.filter(slug__in=filters.roles).values_list(
                    "slug", flat=True
                )
            )
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

    def matching_ids(self, ctx: SiteContext) -> list[int]:
        """Ids of resources matching `q`, most relevant first (computed once).

        The search stays in the site's tree and language; visibility is
        applied afterwards in SQL (apply() intersects with resources()).
        """
        if self.search_ids is None:
            if ctx.root is None:
                self.search_ids = []
            else:
                self.search_ids = search_service.ranked_ids(
                    self.q,
                    ctx.root.path,
                    ctx.language_code,
                    boost_roles=self.boost_roles,
                    limit=MAX_SEARCH_MATCHES,
                )
        return self.search_ids


def order_queryset(queryset: QuerySet, order: str | None, filters: ResourceFilters):
    """Apply `order`; relevance (the default with `q`) needs the full-text ranking."""
    if order is None:
        order = "relevance" if filters.q else "-published"
    if order == "relevance":
        if not filters.q:
            raise ApiError(_("order=relevance kräver en sökfråga (q)."))
        return queryset, filters.matching_ids
    if order not in ORDERINGS:
        raise ApiError(
            _("Okänd sortering: %(order)s. Tillåtna värden: %(allowed)s.")
            % {"order": order, "allowed": ", ".join([*ORDERINGS, "relevance"])}
        )
    return queryset.order_by(*ORDERINGS[order]), None


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
        .values("role__slug", "role__name", "role__sort_order")
        .annotate(count=Count("page_id"))
        .order_by("role__sort_order", "role__slug")
    )

    steplen = Page.steplen
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
            topic_path=Substr("path", 1, Length("path") - steplen), role_ok=role_ok
        )
        .values("content_type_id", "topic_path", "role_ok")
        .annotate(count=Count("pk"))
        .order_by()
    )
    kinds = resource_content_types()
    theme_end = (ctx.root.depth + 1) * steplen
    theme_path = ctx.theme_by_slug(filters.theme).path if filters.theme else None
    topic_path = ctx.topic_by_slug(filters.topic).path if filters.topic else None
    counts: dict[str, dict] = {"kind": {}, "theme": {}, "topic": {}}
    for group in groups:
        kind, path = kinds[group["content_type_id"]], group["topic_path"]
        passes = {
            "role": bool(group["role_ok"]),
            "kind": not filters.kinds or kind in filters.kinds,
            "theme": theme_path is None or path.startswith(theme_path),
            "topic": topic_path is None or path == topic_path,
        }
        keys = {"kind": kind, "theme": path[:theme_end], "topic": path}
        for name, key in keys.items():
            if all(ok for other, ok in passes.items() if other != name):
                counts[name][key] = counts[name].get(key, 0) + group["count"]

    return {
        "role": [
            {
                "slug": row["role__slug"],
                "name": row["role__name"],
                "count": row["count"],
            }
            for row in role_rows
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
        {"slug": page.slug, "title": page.title, "count": counts[path]}
        for path, page in ctx.structure.items()
        if page.depth == depth and counts.get(path)
    ]
