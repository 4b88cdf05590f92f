"""The reference site's role pages: choosing a role, and a page per role.

/sv/roll/ remembers (or forgets) the reader's role; /sv/roller/ lists the
roles; /sv/roller/<slug>/ lists a role's material theme by theme, then the
material for all staff. Plain forms and links: all of it works without
JavaScript.
"""

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pages.delivery.context import SiteContext
from pages.listing import cards, for_role, newest, page_of
from pages.models import ALL_STAFF_SLUG
from pages.reader import (
    RoleChoice,
    cacheable,
    chosen_role,
    find_role,
    forget_role,
    remember_role,
    role_choices,
    site_context,
)

# Cards per theme on a role page (a theme's own list is paged, as topics are).
PER_SECTION = 6
# The role's status on every page (templates/includes/role_status.html): where
# choosing or forgetting a role brings the reader back to. The browser moves
# focus to it, so a screen reader says what changed; site.js does it too.
ROLE_STATUS_FRAGMENT = "#din-roll"


# A preference, not an action on anyone's data: the worst a forged request
# can do is change which role a reader's pages favour. Exempting it from
# CSRF keeps every page free of a CSRF token, and so cacheable.
@csrf_exempt
@require_POST
def choose_role(request: HttpRequest):
    """Remember the posted role (`roll`), or forget it (`glom`, or an empty
    role); then go back where the reader was, to the role's status there.
    An unknown role changes nothing."""
    ctx = site_context(request)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ctx.root.get_url(request) if ctx.root is not None else "/"
    target = target.partition("#")[0] + ROLE_STATUS_FRAGMENT
    response = HttpResponseRedirect(target)
    slug = request.POST.get("roll", "")
    if "glom" in request.POST or not slug:
        forget_role(response)
    elif find_role(ctx, slug) is not None:
        remember_role(request, response, slug)
    return response


@cacheable
def roles_index(request: HttpRequest):
    """Every role, to choose one or to read its material."""
    ctx = site_context(request)
    if ctx.root is None or not ctx.root.live:
        raise Http404(_("Webbplatsen finns inte på det här språket."))
    context = {
        "page": ctx.root,
        # The same address in the other language (locale_tags.page_alternates).
        "site_view": True,
        "roles": role_choices(ctx),
        "chosen_role": chosen_role(request, ctx),
    }
    return TemplateResponse(request, "pages/roles_index.html", context)


@cacheable
def role_page(request: HttpRequest, slug: str):
    """A role's material grouped by theme, then the material for all staff.

    `?theme=<slug>` lists all of one theme's material for the role, a page
    at a time; a theme the site does not have is ignored, with a notice.
    """
    ctx = site_context(request)
    role = find_role(ctx, slug)
    if role is None or ctx.root is None or not ctx.root.live:
        raise Http404(_("Okänd roll: %(roles)s.") % {"roles": slug})
    notices = []
    theme_slug = request.GET.get("theme", "").strip()
    theme = next((t for t in ctx.themes if t.slug == theme_slug), None)
    if theme_slug and theme is None:
        notices.append(_("Temat finns inte. Här är allt material för rollen."))
    context = {
        "page": ctx.root,
        # The same address in the other language (locale_tags.page_alternates).
        "site_view": True,
        "role": role,
        "chosen_role": chosen_role(request, ctx),
        "notices": notices,
        "theme": theme,
    }
    if theme is not None:
        found = page_of(request, newest(_for_role(ctx, role, theme.slug)))
        context |= {"listing": found, "resources": cards(ctx, found.object_list)}
    else:
        context["sections"] = _sections(ctx, role)
    return TemplateResponse(request, "pages/role_page.html", context)


def _for_role(ctx: SiteContext, role: RoleChoice, theme: str | None = None):
    """The resources tagged with exactly this role (in a theme, if given)."""
    themes = [theme] if theme else []
    return for_role(role, strict=True, themes=themes).apply(ctx, ctx.resources())


def _sections(ctx: SiteContext, role: RoleChoice) -> list[dict]:
    """Per theme, the role's newest material and how much there is; then
    the material for all staff (unless that is the role)."""
    sections = [
        _section(_for_role(ctx, role, theme.slug), ctx, f"?theme={theme.slug}")
        | {"theme": theme}
        for theme in ctx.themes
    ]
    all_staff = None if role.is_all_staff else find_role(ctx, ALL_STAFF_SLUG)
    if all_staff is not None:
        more_url = reverse("role_page", args=[ALL_STAFF_SLUG])
        sections.append(
            _section(_for_role(ctx, all_staff), ctx, more_url)
            | {"all_staff": all_staff}
        )
    return [section for section in sections if section["total"]]


def _section(queryset, ctx: SiteContext, more_url: str) -> dict:
    """How much there is, the newest PER_SECTION, and where the rest is."""
    total = queryset.count()
    return {
        "total": total,
        "resources": cards(ctx, newest(queryset)[:PER_SECTION]) if total else [],
        "more_url": more_url if total > PER_SECTION else "",
    }
