"""The reader of the reference site: which site and language they read, and
the role they said they work in.

The role is remembered in a cookie, with no login and no tracking: the
cookie holds a role's slug and nothing else, is sent only to this site and
is read only by the server. A value that is not a role of the vocabulary is
ignored wherever it comes from (cookie or query string), never echoed.
"""

import datetime
import functools
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from wagtail.models import Page

from pages.delivery.context import LOCALES, SiteContext
from pages.delivery.errors import DeliveryError
from pages.delivery.memo import memo
from pages.models import ALL_STAFF_SLUG, Role, SiteProfile

ROLE_COOKIE = "roll"
ROLE_COOKIE_MAX_AGE = int(datetime.timedelta(days=365).total_seconds())
# How long a CDN and a browser may keep an anonymous page: publishing shows
# within five minutes without purging the CDN.
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class RoleChoice:
    slug: str
    name: str
    description: str
    language: str

    @property
    def is_all_staff(self) -> bool:
        return self.slug == ALL_STAFF_SLUG


def site_context(request: HttpRequest, page: Page | None = None) -> SiteContext:
    """The site and language a page or view is read in (404 if there is none).

    A page names its own site and language, so an editor's preview on
    another host still lists that site's material; a view (the role pages,
    search) takes the site from the host and the language from the address.
    """
    cache_key = ("reader_context", page.pk if page is not None else None)
    cached = getattr(request, "_reader_contexts", {})
    if cache_key in cached:
        return cached[cache_key]
    site = None
    if page is not None:
        language = page.locale.language_code
        wagtail_site = page.get_site()
        if wagtail_site is not None:
            site = SiteProfile.for_site(wagtail_site).slug
    else:
        language = translation.get_language() or "sv"
    if language not in LOCALES:
        language = "sv"
    try:
        ctx = SiteContext.from_request(request, site, language)
    except DeliveryError as error:
        raise Http404(error.detail) from error
    # The page's context, its template tags and its views ask alike.
    request._reader_contexts = {**cached, cache_key: ctx}
    # The 500 page names the site without the database (imported here:
    # error_pages builds on this module).
    from pages.error_pages import site_names

    site_names.learn(ctx)
    return ctx


def role_choices(ctx: SiteContext) -> list[RoleChoice]:
    """The roles vocabulary in the context's language, in its order; a role
    not translated yet keeps its Swedish name (read once per content version)."""
    language = ctx.language_code

    def compute() -> list[RoleChoice]:
        by_slug: dict[str, RoleChoice] = {}
        roles = Role.objects.filter(locale__language_code__in={language, "sv"})
        for role in roles.select_related("locale").order_by("sort_order", "name"):
            code = role.locale.language_code
            if role.slug not in by_slug or code == language:
                by_slug[role.slug] = RoleChoice(
                    role.slug, role.name, role.description, code
                )
        return list(by_slug.values())

    return memo.get(ctx.version, ("role_choices", language), compute)


def find_role(ctx: SiteContext, slug: str | None) -> RoleChoice | None:
    """The role with this slug, or None for anything else."""
    if not slug:
        return None
    return next((role for role in role_choices(ctx) if role.slug == slug), None)


def chosen_role(request: HttpRequest, ctx: SiteContext) -> RoleChoice | None:
    """The role the reader chose (their cookie), if it is one of the vocabulary."""
    return find_role(ctx, request.COOKIES.get(ROLE_COOKIE))


def remember_role(request: HttpRequest, response: HttpResponse, slug: str) -> None:
    response.set_cookie(
        ROLE_COOKIE,
        slug,
        max_age=ROLE_COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def forget_role(response: HttpResponse) -> None:
    response.delete_cookie(ROLE_COOKIE, samesite="Lax")


def shared_label(ctx: SiteContext, pages: list[Page]) -> list[Page]:
    """Mark the material that comes from another site with that site's name
    (`shared_from`), for the cards and resource pages: on a member's site,
    GR's shared material (aliases) and any other site's page it lists, such
    as related material the site has no copy of; that last kind, whose link
    leaves the site, also as `elsewhere`."""
    names = {profile.site_id: profile.site.site_name for profile in ctx.profiles()}
    hub = next((p.site_id for p in ctx.profiles() if p.is_hub), None)
    # The longest root path first: a site inside another's tree wins.
    roots = sorted(
        ctx.site_root_paths(), key=lambda root: len(root.root_path), reverse=True
    )
    own_roots = tuple(ctx.own_root_paths())
    for page in pages:
        if page.alias_of_id and not ctx.profile.is_hub:
            owner = hub
        else:
            owner = next(
                (r.site_id for r in roots if page.url_path.startswith(r.root_path)),
                None,
            )
        page.shared_from = names.get(owner) if owner != ctx.site.pk else None
        # Material this site has no copy of: its link leaves the site.
        elsewhere = not page.url_path.startswith(own_roots)
        page.elsewhere = page.shared_from if elsewhere else None
    return pages


def cache_for_public(
    request: HttpRequest,
    response: HttpResponse,
    *,
    public: bool = True,
    keep: bool = True,
) -> HttpResponse:
    """Let a CDN keep what the public sees, and only that.

    An anonymous reader without a role sees the same page as every other:
    public for PUBLIC_MAX_AGE. A reader with a role (or signed in) sees a
    page of their own, which only their browser may keep, and so does one
    let into a restricted page (`public` false: by a password, say). Either
    way the answer varies with the cookies, so a cache never mixes them up.
    """
    if response.status_code not in (200, 404) or request.method not in (
        "GET",
        "HEAD",
    ):
        return response
    patch_vary_headers(response, ["Cookie"])
    personal = ROLE_COOKIE in request.COOKIES or (
        hasattr(request, "user") and request.user.is_authenticated
    )
    if personal or response.cookies or not public:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    # What the server may keep for every reader with the same role cookie
    # (pages/page_cache.py): not one let in by a password, not a search
    # (counted), not an answer that sets a cookie or is for a signed-in user.
    response.same_for_every_reader = (
        public
        and keep
        and not response.cookies
        and not (hasattr(request, "user") and request.user.is_authenticated)
    )
    return response


def cacheable(view=None, *, keep: bool = True):
    """A view whose answers cache_for_public() marks; with `keep` false,
    never kept by the server (pages/page_cache.py)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            response = view(request, *args, **kwargs)
            return cache_for_public(request, response, keep=keep)

        return wrapper

    return decorate(view) if view is not None else decorate
