"""Short-lived signed tokens that let a consuming site show an editor's draft.

The admin's preview (pages/models/preview.py) takes a snapshot of the page as
the editor sees it, form data not yet saved included, and keeps it in the
cache for API_PREVIEW_TOKEN_MINUTES; the token names that snapshot and its
page, signed with SECRET_KEY and timestamped. /api/v1/preview/ (pages/api/
preview.py) redeems it. A snapshot is tied to the page's live revision when
it was taken: once the page is published again, the draft it showed is the
past and the token is refused.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from wagtail.models import Page

SALT = "pages.headless-preview"
CACHE_PREFIX = "headless-preview:"


class PreviewRefused(Exception):
    """A token that cannot be redeemed: `detail` for people, `status` for HTTP."""

    def __init__(self, detail: str, status: int) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class PreviewState:
    """What a token shows: the page's content as previewed, and the page's
    live revision and the consuming site (its slug) when it was previewed."""

    page_id: int
    content: dict
    live_revision_id: int | None
    site: str


def lifetime_seconds() -> int:
    return settings.API_PREVIEW_TOKEN_MINUTES * 60


def issue_token(page: Page, site: str) -> str:
    """A token for `page` as it is in memory now (an unsaved draft too),
    to be shown on the consuming site `site` (a SiteProfile slug)."""
    key = secrets.token_urlsafe(18)
    live_revision_id = (
        Page.objects.filter(pk=page.pk)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    state = PreviewState(
        page_id=page.pk,
        content=page.serializable_data(),
        live_revision_id=live_revision_id,
        site=site,
    )
    cache.set(CACHE_PREFIX + key, state, timeout=lifetime_seconds())
    return signing.dumps({"page": page.pk, "key": key}, salt=SALT)


def redeem_token(token: str) -> PreviewState:
    """The snapshot a token names, or PreviewRefused: 403 for a token that
    is not ours (tampered, or a page's token paired with another's
    snapshot), 410 for one that has expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=lifetime_seconds())
    except signing.SignatureExpired:
        raise PreviewRefused(
            _("Förhandsgranskningen har gått ut. Öppna den igen från redigeringen."),
            410,
        ) from None
    except signing.BadSignature:
        raise PreviewRefused(_("Ogiltig förhandsgranskningsnyckel."), 403) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("page"), int):
        raise PreviewRefused(_("Ogiltig förhandsgranskningsnyckel."), 403)
    state = cache.get(CACHE_PREFIX + str(payload.get("key")))
    if state is None:
        raise PreviewRefused(
            _("Förhandsgranskningen har gått ut. Öppna den igen från redigeringen."),
            410,
        )
    if state.page_id != payload["page"]:
        raise PreviewRefused(_("Nyckeln gäller en annan sida."), 403)
    return state
