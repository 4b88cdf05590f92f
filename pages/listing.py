"""What the reference site's pages list: the newest material for the reader's
role on the home page, a topic's material with its filters and counts, and
"more for your role" beside a resource.

The lists use the delivery API's visibility rules and filters
(pages/delivery/), so the site, the API and the
feeds never disagree about what the public may see.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from pages.delivery.context import SiteContext
from pages.delivery.facets import facet_counts
from pages.delivery.filters import ResourceFilters
from pages.delivery.kinds import KIND_MODELS
from pages.delivery.results import related_resources
from pages.facet_links import facet_group
from pages.models import SharingOptOut, ThemeHubPage
from pages.reader import (
    RoleChoice,
    chosen_role,
    find_role,
    role_choices,
    shared_label,
    site_context,
)

PER_PAGE = 24
NEWEST_ON_HOME = 6
MORE_FOR_ROLE = 3
# ?visa=alla on a topic page: every role's material, whatever the cookie says.
SHOW_ALL = ("visa", "alla")


def newest(queryset):
    return queryset.order_by("-first_published_at", "-pk")


def cards(ctx: SiteContext, queryset) -> list[Page]:
    """The pages of `queryset` as cards: specific, marked where shared."""
    return shared_label(ctx, list(queryset.specific()))


def page_of(request: HttpRequest, queryset, per_page: int = PER_PAGE):
    """One page of `queryset` by the `sida` parameter; a bad number is page 1,
    a number past the end the last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("sida"))


def for_role(role: RoleChoice | None, *, strict: bool = False, **filters):
    """Filters for a role's material (with the material for all staff unless
    `strict`), or for everything when there is no role."""
    roles = [role.slug] if role is not None else []
    return ResourceFilters(roles=roles, role_strict=strict, **filters)


def visible_children(ctx: SiteContext, page: Page) -> list[Page]:
    """The children of `page` that the public may see, specific, in tree order."""
    return list(page.get_children().filter(ctx.visible()).specific())


def home_listing(request: HttpRequest, home: Page) -> dict:
    """The home page's themes, role picker and newest material, for the
    chosen role (and all staff) when there is one."""
    ctx = site_context(request, home)
    role = chosen_role(request, ctx)
    queryset = for_role(role).apply(ctx, ctx.resources())
    return {
        # Only the themes: the site's information pages beside them (siteinfo/)
        # are in the footer.
        "themes": list(
            home.get_children().type(ThemeHubPage).filter(ctx.visible()).specific()
        ),
        "roles": role_choices(ctx),
        "chosen_role": role,
        "newest": cards(ctx, newest(queryset)[:NEWEST_ON_HOME]),
    }


def topic_listing(request: HttpRequest, topic: Page) -> dict:
    """A topic's material, a page at a time, filtered by `kind` and `role`
    links with counts; the reader's role narrows it unless they ask to see
    all (?visa=alla) or pick a role. An unknown value is ignored, with a
    notice, and the rest of the filters still apply."""
    ctx = site_context(request, topic)
    if topic.path not in ctx.structure:
        # A topic the public cannot reach (an editor's preview of a draft).
        children = topic.get_children().filter(ctx.visible())
        return {"resources": shared_label(ctx, list(newest(children).specific()))}
    notices = []
    kind = request.GET.get("kind", "").strip()
    if kind and kind not in KIND_MODELS:
        notices.append(_("Okänd typ av material. Här visas alla typer."))
        kind = ""
    role_slug = request.GET.get("role", "").strip()
    role = find_role(ctx, role_slug)
    if role_slug and role is None:
        notices.append(_("Okänd roll. Här visas materialet för alla roller."))
    explicit = {"kind": kind} if kind else {}
    if role is not None:
        explicit["role"] = role.slug
    show_all = request.GET.get(SHOW_ALL[0]) == SHOW_ALL[1]
    preferred = None
    if role is None and not show_all and not role_slug:
        preferred = chosen_role(request, ctx)
    filters = for_role(
        role or preferred,
        strict=role is not None,
        topics=[topic.slug],
        kinds=[kind] if kind else [],
    )
    found = page_of(request, newest(filters.apply(ctx, ctx.resources())))
    facets = facet_counts(ctx, filters)
    if show_all:
        explicit[SHOW_ALL[0]] = SHOW_ALL[1]
    return {
        "resources": cards(ctx, found.object_list),
        "listing": found,
        "query_prefix": urlencode(explicit) + "&" if explicit else "",
        "notices": notices,
        "preferred_role": preferred,
        "show_all_url": "?" + urlencode(explicit | {SHOW_ALL[0]: SHOW_ALL[1]}),
        "filter_groups": [
            facet_group(
                _("Typ"), "kind", facets["kind"], explicit, _query, plural=True
            ),
            facet_group(
                _("Roll"),
                "role",
                facets["role"],
                explicit,
                _query,
                role_names={role.slug: role.name for role in role_choices(ctx)},
            ),
        ],
    }


def _query(values: dict) -> str:
    """A topic page's address for these filters."""
    return "?" + urlencode(values) if values else "?"


def more_for_role(request: HttpRequest, page: Page, related: list[Page]) -> dict:
    """For a resource page: where it and its related material come from, and
    the newest other material in its theme for the reader's role (nothing
    without a role)."""
    ctx = site_context(request, page)
    shared_label(ctx, [page, *related])
    role = chosen_role(request, ctx)
    theme, _topic = ctx.theme_and_topic_of(page)
    if role is None or theme is None:
        return {"chosen_role": role, "more_for_role": []}
    queryset = (
        for_role(role, themes=[theme.slug])
        .apply(ctx, ctx.resources())
        .exclude(pk__in=[page.pk, *(other.pk for other in related)])
    )
    return {
        "chosen_role": role,
        "more_for_role": cards(ctx, newest(queryset)[:MORE_FOR_ROLE]),
    }


def related_material(request: HttpRequest, page: Page) -> list[Page]:
    """A resource's related material that the public may see, of any site,
    in editor order, each in the page's language where readers may see a
    translation of it; the others keep their own language, and
    `fallback_language` says which (templates/includes/resource_card.html)."""
    ctx = site_context(request, page)
    chosen = related_resources(
        ctx, page, page.locale_id, Page.objects.filter(ctx.visible())
    )
    chosen = _not_hidden_here(ctx, chosen)
    specific = {
        p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in chosen]).specific()
    }
    fallbacks = [p for p in specific.values() if p.locale_id != page.locale_id]
    if fallbacks:
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        for other in fallbacks:
            other.fallback_language = languages.get(other.locale_id)
    return [specific[p.pk] for p in chosen if p.pk in specific]


def _not_hidden_here(ctx: SiteContext, pages: list[Page]) -> list[Page]:
    """`pages` without those this site hides: a member's hidden copy of
    GR's material (SharingOptOut) or one the public may not see (restricted
    there): another site's page stands in only for material this site
    does not have."""
    in_site = Q(pk__in=[])
    for root_path in ctx.own_root_paths():
        in_site |= Q(url_path__startswith=root_path)
    copies = Page.objects.filter(in_site, alias_of__in=[p.pk for p in pages])
    hidden = set(copies.exclude(ctx.visible()).values_list("alias_of_id", flat=True))
    hidden |= set(
        SharingOptOut.objects.filter(
            site=ctx.profile, original__in=[p.pk for p in pages]
        ).values_list("original_id", flat=True)
    )
    return [p for p in pages if p.pk not in hidden]
