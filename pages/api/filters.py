"""Resource filters, ordering and facet counts, as API.md defines them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import ALL_STAFF_SLUG, ResourcePageRole, Role

from .context import KIND_MODELS, SiteContext, resource_content_types
from .errors import ApiError

ORDERINGS = {
    "-published": ("-first_published_at", "-pk"),
    "published": ("first_published_at", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
}
FACETS = ("role", "kind", "theme", "topic")
# Upper bound on full-text matches considered for one request.
MAX_SEARCH_MATCHES = 1000


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
    except ValueError:
        # Well-formed but impossible, such as month 13.
        value = None
    if value is not None:
        try:
            value.astimezone(datetime.UTC)
        except OverflowError:
            # Year 1 with a positive offset, say: not a point in time we can store.
            value = None
    if value is None:
        raise ApiError(
            _(
                "updated_since måste vara en ISO 8601-tidpunkt, "
                "t.ex. 2026-01-31T12:00:00Z."
            )
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


@dataclass
class ResourceFilters:
    roles: list[str] = field(default_factory=list)
    role_strict: bool = False
    theme: str | None = None
    topic: str | None = None
    kinds: list[str] = field(default_factory=list)
    q: str | None = None
    updated_since: datetime.datetime | None = None
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

    def apply(self, ctx: SiteContext, queryset: QuerySet, skip: str | None = None):
        """The queryset narrowed by every filter but `skip` (for standard faceting)."""
        if self.roles and skip != "role":
            slugs = self.roles if self.role_strict else [*self.roles, ALL_STAFF_SLUG]
            queryset = queryset.filter(
                Exists(
                    ResourcePageRole.objects.filter(
                        page_id=OuterRef("pk"), role__slug__in=slugs
                    )
                )
            )
        if self.kinds and skip != "kind":
            kind_ids = [
                ct
                for ct, kind in resource_content_types().items()
                if kind in self.kinds
            ]
            queryset = queryset.filter(content_type_id__in=kind_ids)
        if self.theme and skip != "theme":
            queryset = queryset.filter(
                path__startswith=ctx.theme_by_slug(self.theme).path
            )
        if self.topic and skip != "topic":
            topic = ctx.topic_by_slug(self.topic)
            queryset = queryset.filter(
                path__startswith=topic.path, depth=topic.depth + 1
            )
        if self.updated_since is not None:
            queryset = queryset.filter(last_published_at__gte=self.updated_since)
        if self.q is not None:
            queryset = queryset.filter(pk__in=self.matching_ids(ctx))
        return queryset

    def matching_ids(self, ctx: SiteContext) -> list[int]:
        """Ids of resources matching `q`, most relevant first (computed once)."""
        if self.search_ids is None:
            # The search backend filters only on indexed fields; visibility is
            # applied afterwards in SQL (apply() intersects with resources()).
            results = ctx.searchable().search(self.q, order_by_relevance=True)
            self.search_ids = [page.pk for page in results[:MAX_SEARCH_MATCHES]]
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
    """Counts per role, kind, theme and topic, each with the other filters applied."""
    base = ctx.resources()
    facets = {name: [] for name in FACETS}

    role_rows = (
        ResourcePageRole.objects.filter(page__in=filters.apply(ctx, base, skip="role"))
        .values("role__slug", "role__name", "role__sort_order")
        .annotate(count=Count("page_id", distinct=True))
        .order_by("role__sort_order", "role__slug")
    )
    facets["role"] = [
        {"slug": row["role__slug"], "name": row["role__name"], "count": row["count"]}
        for row in role_rows
    ]

    # Kind, theme and topic come from one grouped query per distinct base set.
    steplen = Page.steplen
    theme_end = (ctx.root.depth + 1) * steplen if ctx.root else steplen
    grouped: dict[str | None, list[dict]] = {}
    for name in ("kind", "theme", "topic"):
        active = {
            "kind": filters.kinds,
            "theme": filters.theme,
            "topic": filters.topic,
        }[name]
        key = name if active else None
        if key not in grouped:
            queryset = filters.apply(ctx, base, skip=key)
            grouped[key] = list(
                queryset.annotate(
                    theme_path=Substr("path", 1, theme_end),
                    topic_path=Substr("path", 1, Length("path") - steplen),
                )
                .values("content_type_id", "theme_path", "topic_path")
                .annotate(count=Count("pk"))
                .order_by()
            )
        facets[name] = _facet_from_groups(ctx, name, grouped[key])
    return facets


def _facet_from_groups(ctx: SiteContext, name: str, rows: list[dict]) -> list[dict]:
    counts: dict = {}
    field = {"kind": "content_type_id", "theme": "theme_path", "topic": "topic_path"}[
        name
    ]
    for row in rows:
        counts[row[field]] = counts.get(row[field], 0) + row["count"]
    if name == "kind":
        kinds = resource_content_types()
        return [
            {"slug": kinds[ct], "count": count}
            for ct, count in sorted(
                counts.items(), key=lambda item: list(KIND_MODELS).index(kinds[item[0]])
            )
        ]
    result = []
    for path, page in ctx.structure.items():
        depth = ctx.root.depth + (1 if name == "theme" else 2)
        if page.depth == depth and counts.get(path):
            result.append(
                {"slug": page.slug, "title": page.title, "count": counts[path]}
            )
    return result
