"""Headless preview: "Förhandsgranska" on a consuming site's own front end.

Besides the site's own preview, a resource offers one preview mode per API
consumer that has a preview address: the consumers of the page's site and,
for GR's material, those of the member sites it is shared with, which show
it as their alias. Choosing one signs a short-lived token for the page as
the editor sees it (pages/headless_preview.py) and opens the consumer's
address with it; the consumer reads the draft from /api/v1/preview/.
"""

from functools import cached_property

from django.apps import apps
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pages.headless_preview import issue_token

from .sharing import ShareWith, SharingOptOut
from .sites import SiteDirectory, SiteProfile

CONSUMER_MODE_PREFIX = "consumer-"


def preview_sites(page) -> list[SiteProfile]:
    """The sites a draft of `page` can be previewed on: its own and, for
    GR's material (not an alias), the members its draft is shared with."""
    directory = SiteDirectory()
    own = directory.site_of(page)
    if own is None:
        return []
    if not own.is_hub or page.alias_of_id or page.share_with == ShareWith.NONE:
        return [own]
    members = directory.members
    if page.share_with == ShareWith.CHOSEN:
        chosen = {site.pk for site in page.share_sites.all()}
        members = [site for site in members if site.pk in chosen]
    hidden = set(
        SharingOptOut.objects.filter(original_id=page.pk).values_list(
            "site_id", flat=True
        )
    )
    return [own, *(site for site in members if site.pk not in hidden)]


class HeadlessPreviewMixin:
    """Preview modes for the consumers of the page's sites (ResourcePage)."""

    @cached_property
    def preview_consumers(self) -> list:
        """Consumers with a preview address on the sites this draft shows on,
        the page's own site first. None for a page not yet saved: a token
        names a page by its id."""
        if self.pk is None:
            return []
        sites = {site.site_id: site for site in preview_sites(self)}
        # By name from the app registry: the consumers app builds on the
        # page models, so importing it here would import in a circle.
        consumer_model = apps.get_model("consumers", "Consumer")
        consumers = list(
            consumer_model.objects.filter(site_id__in=sites)
            .exclude(preview_url="")
            .select_related("site")
        )
        own_site_id = next(iter(sites), None)
        for consumer in consumers:
            consumer.preview_site = sites[consumer.site_id]
        return sorted(
            consumers,
            key=lambda c: (c.site_id != own_site_id, c.site.site_name, c.name),
        )

    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        modes = list(super().preview_modes)
        for consumer in self.preview_consumers:
            label = _("%(consumer)s (%(site)s)") % {
                "consumer": consumer.name,
                "site": consumer.site.site_name,
            }
            modes.append((f"{CONSUMER_MODE_PREFIX}{consumer.pk}", label))
        return modes

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if not mode_name.startswith(CONSUMER_MODE_PREFIX):
            return super().serve_preview(request, mode_name)
        consumer = next(
            (
                c
                for c in self.preview_consumers
                if f"{CONSUMER_MODE_PREFIX}{c.pk}" == mode_name
            ),
            None,
        )
        if consumer is None:
            return HttpResponse(
                _("Den konsumenten kan inte förhandsgranska sidan."), status=404
            )
        url = consumer_preview_url(self, consumer)
        if getattr(request, "in_preview_panel", False):
            # The admin's preview panel frames this answer; the consumer's
            # site would refuse to be framed by the admin, or the admin's
            # CSP would refuse it: a link that opens it in a tab instead.
            return HttpResponse(preview_link_page(consumer, url))
        return HttpResponseRedirect(url)


def consumer_preview_url(page, consumer) -> str:
    """The consumer's preview address filled in with a fresh token for `page`."""
    site = consumer.preview_site.slug
    token = issue_token(page, site)
    return consumer.preview_address(
        token=token,
        id=page.pk,
        site=site,
        locale=page.locale.language_code,
    )


def preview_link_page(consumer, url: str) -> str:
    return format_html(
        '<!doctype html><html lang="sv"><meta charset="utf-8">'
        "<title>{title}</title>"
        "<body>"
        "<p>{text}</p>"
        '<p><a href="{url}" target="_blank" rel="noopener">{link}</a></p>'
        "</body></html>",
        title=_("Förhandsgranska hos %(name)s") % {"name": consumer.name},
        text=_(
            "Utkastet visas på %(name)s. Länken gäller i några minuter och "
            "visar sidan som den ser ut i redigeringen nu."
        )
        % {"name": consumer.name},
        url=url,
        link=_("Öppna förhandsgranskningen hos %(name)s") % {"name": consumer.name},
    )
