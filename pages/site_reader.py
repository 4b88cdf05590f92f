"""How the reference site serves its pages: what it adds to each, and what
it refuses to serve.

Registered with the page models in PagesConfig.ready() (the models reach the
site only through pages/models/cacheable.py's seam), and as a
before_serve_page hook (pages/wagtail_hooks.py). Both ask the delivery
layer's one visibility rule (pages/delivery/visibility.py), as the API, the
feeds and search do.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction

from pages.delivery.visibility import RESTRICTED, WITHDRAWN, Visibility
from pages.listing import (
    home_listing,
    more_for_role,
    related_material,
    topic_listing,
    visible_children,
)
from pages.models import HomePage, ResourcePage, ThemeHubPage, TopicPage
from pages.reader import cache_for_public, site_context
from pages.site_links import reading


class SiteReader:
    """The site's side of CacheablePageMixin: listings and cache headers."""

    def context(self, request: HttpRequest, page) -> dict:
        # Its rich text's links as this site serves them (pages/site_links.py).
        reading(site_context(request, page))
        if isinstance(page, HomePage):
            return home_listing(request, page)
        if isinstance(page, ThemeHubPage):
            return {"topics": visible_children(site_context(request, page), page)}
        if isinstance(page, TopicPage):
            return topic_listing(request, page)
        if isinstance(page, ResourcePage):
            related = related_material(request, page)
            return {"related": related} | more_for_role(request, page, related)
        return {}

    def respond(self, request: HttpRequest, page, response) -> HttpResponse:
        public = Visibility.current(request).admits(page)
        return cache_for_public(request, response, public=public)


def refuse_hidden(page, request: HttpRequest, serve_args, serve_kwargs):
    """Before a page is served at its own address: a withdrawn page (expired,
    though the scheduler has not unpublished it yet, or an alias of such a
    page) is not found; a restricted one (also by a restriction on an
    alias's original or the original's ancestors, on GR's site) asks for a
    login or a password as Wagtail does for its own restrictions."""
    visibility = Visibility.current(request)
    reason = visibility.why_hidden(page)
    if reason == WITHDRAWN:
        raise Http404
    if reason != RESTRICTED:
        return None
    for restriction in visibility.restrictions_on(page):
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action_url = reverse(
                "wagtailcore_authenticate_with_password",
                args=[restriction.id, page.id],
            )
            response = page.serve_password_required_response(request, form, action_url)
        else:
            login_url = getattr(
                settings, "WAGTAIL_FRONTEND_LOGIN_URL", reverse("wagtailcore_login")
            )
            response = redirect_to_login(request.get_full_path(), login_url)
        add_never_cache_headers(response)
        return response
    return None
