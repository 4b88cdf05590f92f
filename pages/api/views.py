"""Endpoints of /api/v1/ (API.md)."""

from typing import Annotated

from django.db.models import Count
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from ninja import Field, Query, Router, Schema

from pages.delivery.context import LOCALES, SiteContext
from pages.delivery.errors import NotFound
from pages.delivery.facets import facet_counts
from pages.delivery.filters import ResourceFilters
from pages.delivery.kinds import KIND_MODELS
from pages.delivery.results import resource_page
from pages.delivery.summaries import SummaryBuilder, named_json
from pages.models import Role, SiteProfile

from .detail import resource_detail, visible_resource
from .schemas import (
    Detail,
    ResourceDetail,
    ResourceList,
    RoleList,
    SiteList,
    ThemeList,
)
from .vocabulary import Kind, Locale, Order, RoleSlug, ThemeSlug, TopicSlug

router = Router(tags=["delivery"])
ERRORS = {400: Detail, 404: Detail}

SITE_DOC = (
    "Webbplatsens kortnamn (gr, molndal, …). "
    "Standard: webbplatsen som svarar på värdnamnet."
)
LOCALE_DOC = "Språk: sv eller en. Standard: sv."
ROLE_DOC = (
    "Rollslugs, kommaseparerade eller upprepade: role=socialtjanst,chefer eller "
    "role=socialtjanst&role=chefer. Material för någon av rollerna eller för "
    "alla-medarbetare. Rollerna listas av /api/v1/roles/."
)
KIND_DOC = (
    "Typer, kommaseparerade eller upprepade: kind=video,podcast eller "
    f"kind=video&kind=podcast. Tillåtna värden: {', '.join(KIND_MODELS)}."
)
THEME_DOC = (
    "Temats slug: trygghetsskapande, motverka-brott eller utsatt-for-brott. "
    "Flera kommaseparerade eller upprepade (theme=a,b eller theme=a&theme=b): "
    "material under något av dem. Webbplatsens teman listas av /api/v1/themes/."
)
TOPIC_DOC = (
    "Ämnets slug. Flera kommaseparerade eller upprepade (topic=a,b eller "
    "topic=a&topic=b): material under något av dem. Ämnena listas under sina "
    "teman av /api/v1/themes/."
)
# The `locale` parameter of the endpoints that take only site and locale.
LocaleQuery = Annotated[Locale | None, Query(description=LOCALE_DOC)]
UPDATED_DOC = "ISO 8601-tidpunkt: material publicerat vid eller efter den."
ORDER_DOC = "-published (standard), published, title, -title, relevance (kräver q)."
# Largest id or offset a 64-bit database column can hold.
MAX_BIGINT = 2**63 - 1
MAX_OFFSET = 1_000_000


def site_context(
    request: HttpRequest, site: str | None, locale: str | None
) -> SiteContext:
    return SiteContext.from_request(request, site, locale)


class ResourceQuery(Schema):
    """The filters, ordering and paging that /resources/ and /search/ share."""

    # The list filters are arrays (OpenAPI's default form, role=a&role=b); each
    # item may be a comma list too (role=a,b): ResourceFilters.parse takes both.
    # Any other parameter given twice is a 400 (ApiErrorsMiddleware).
    site: str | None = Field(None, description=SITE_DOC)
    locale: Locale | None = Field(None, description=LOCALE_DOC)
    role: list[RoleSlug] | None = Field(None, description=ROLE_DOC)
    role_strict: bool = Field(
        False, description="true: inget alla-medarbetare-material."
    )
    theme: list[ThemeSlug] | None = Field(None, description=THEME_DOC)
    topic: list[TopicSlug] | None = Field(None, description=TOPIC_DOC)
    kind: list[Kind] | None = Field(None, description=KIND_DOC)
    q: str | None = Field(None, description="Fritextsökning (krävs av /search/).")
    updated_since: str | None = Field(None, description=UPDATED_DOC)
    order: Order | None = Field(None, description=ORDER_DOC)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def filters(self, ctx: SiteContext) -> ResourceFilters:
        return ResourceFilters.parse(
            ctx, role=self.role, role_strict=self.role_strict, theme=self.theme,
            topic=self.topic, kind=self.kind, q=self.q,
            updated_since=self.updated_since,
        )  # fmt: skip

    def page_of_results(self, request: HttpRequest):
        """(context, filters, total, pages) for this query."""
        ctx = site_context(request, self.site, self.locale)
        filters = self.filters(ctx)
        total, rows = resource_page(ctx, filters, self.order, self.limit, self.offset)
        return ctx, filters, total, rows


@router.get("resources/", response={200: ResourceList, **ERRORS}, exclude_unset=True)
def list_resources(
    request: HttpRequest,
    params: Query[ResourceQuery],
    facets: bool = Query(False, description="true: lägg till facettantal."),
):
    """Published resources of one site, filtered, ordered and paginated."""
    ctx, filters, total, rows = params.page_of_results(request)
    response = {"count": total, "items": SummaryBuilder(ctx).build(rows)}
    if facets:
        response["facets"] = facet_counts(ctx, filters)
    if filters.q:
        response["count_is_lower_bound"] = filters.capped
    return response


@router.get(
    "resources/by-path/", response={200: ResourceDetail, **ERRORS}, exclude_unset=True
)
def resource_by_path(
    request: HttpRequest,
    path: str = Query(
        ..., description="Sökvägen på webbplatsen, t.ex. /sv/motverka-brott/…/"
    ),
    site: str | None = Query(None, description=SITE_DOC),
):
    """The resource whose URL path on the site is `path`."""
    parts = [part for part in path.split("/") if part]
    if not parts or parts[0] not in LOCALES:
        raise NotFound(_("Sökvägen måste börja med /sv/ eller /en/."))
    ctx = site_context(request, site, parts[0])
    if ctx.root is None:
        raise NotFound()
    url_path = ctx.root.url_path + "".join(f"{part}/" for part in parts[1:])
    page_id = (
        ctx.resources().filter(url_path=url_path).values_list("pk", flat=True).first()
    )
    if page_id is None:
        raise NotFound(_("Inget material finns på den sökvägen."))
    return resource_detail(ctx, visible_resource(ctx, page_id))


@router.get(
    "resources/{int:resource_id}/",
    response={200: ResourceDetail, **ERRORS},
    exclude_unset=True,
)
def resource(
    request: HttpRequest,
    resource_id: int,
    site: str | None = Query(None, description=SITE_DOC),
    locale: LocaleQuery = None,
):
    """One published resource with its body, kind-specific data and related material."""
    if resource_id > MAX_BIGINT:
        raise NotFound()
    ctx = site_context(request, site, locale)
    return resource_detail(ctx, visible_resource(ctx, resource_id))


@router.get("themes/", response={200: ThemeList, **ERRORS})
def themes(
    request: HttpRequest,
    site: str | None = Query(None, description=SITE_DOC),
    locale: LocaleQuery = None,
):
    """The site's themes in tree order, with their topics and resource counts."""
    ctx = site_context(request, site, locale)
    if ctx.root is None:
        return {"items": []}
    counts = dict(
        ctx.resources()
        .annotate(topic_path=Substr("path", 1, Length("path") - Page.steplen))
        .values("topic_path")
        .annotate(count=Count("pk"))
        .values_list("topic_path", "count")
        .order_by()
    )
    intros = {
        page.pk: page.intro
        for page in Page.objects.filter(pk__in=[t.pk for t in ctx.themes]).specific()
    }
    items = []
    for theme in ctx.themes:
        items.append(
            {
                **named_json(theme),
                "intro": intros.get(theme.pk, ""),
                "url": theme.get_full_url(request),
                "topics": [
                    {
                        **named_json(topic),
                        "url": topic.get_full_url(request),
                        "count": counts.get(topic.path, 0),
                    }
                    for topic in ctx.topics_of(theme)
                ],
            }
        )
    return {"items": items}


@router.get("roles/", response={200: RoleList, **ERRORS})
def roles(
    request: HttpRequest,
    site: str | None = Query(None, description=SITE_DOC),
    locale: LocaleQuery = None,
):
    """The role vocabulary in the requested language, with counts for the site."""
    ctx = site_context(request, site, locale)
    counts = dict(
        ctx.resources()
        .order_by()
        .values("role_links__role__slug")
        .annotate(count=Count("pk", distinct=True))
        .values_list("role_links__role__slug", "count")
    )
    items = [
        {
            "slug": role.slug,
            "name": role.name,
            "description": role.description,
            "count": counts.get(role.slug, 0),
        }
        for role in Role.objects.filter(locale__language_code=ctx.language_code)
    ]
    return {"items": items}


@router.get("sites/", response={200: SiteList, **ERRORS})
def sites(request: HttpRequest):
    """Every site with its hostname, whether it is the hub, and its languages."""
    languages: dict[int, list[str]] = {}
    for root in Site.get_site_root_paths():
        if root.language_code in LOCALES:
            languages.setdefault(root.site_id, []).append(root.language_code)
    items = [
        {
            "slug": profile.slug,
            "name": profile.site.site_name,
            "hostname": profile.site.hostname,
            "is_hub": profile.is_hub,
            "locales": sorted(languages.get(profile.site_id, []), key=LOCALES.index),
        }
        for profile in SiteProfile.objects.filter(slug__isnull=False)
        .select_related("site")
        .order_by("-is_hub", "slug")
    ]
    return {"items": items}
