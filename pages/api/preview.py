"""GET /api/v1/preview/: an editor's draft, for a consuming site's preview.

The answer has exactly the shape of /api/v1/resources/{id}/: it is built by
the same resource_detail(), from the snapshot a token names (pages/
headless_preview.py) instead of the published page. For GR's material with
`site=<member>` it is the draft as that member's alias will show it: its
id, address and place there, and related material as the member sees it.
"""

import copy

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from wagtail.models import Page

from ninja import Query, Router

from pages.delivery.context import SiteContext
from pages.delivery.errors import DeliveryError, NotFound
from pages.headless_preview import PreviewRefused, PreviewState, redeem_token
from pages.models import RESOURCE_MODELS
from pages.models.preview import preview_sites

from .detail import resource_detail
from .schemas import Detail, ResourceDetail

router = Router(tags=["preview"])

DRAFT_DOC = (
    "Nyckeln som förhandsgranskningen i redigeringen gav konsumentens adress "
    "({token}). Gäller i några minuter och bara tills sidan publiceras igen."
)
SITE_DOC = (
    "Webbplatsen som utkastet visas på. Standard: konsumentens. För GR:s "
    "material: en medlems kortnamn visar hur det blir som medlemmens kopia."
)
ID_DOC = "Sidans id ({id}); anges det måste det vara sidan som nyckeln gäller."


@router.get(
    "preview/",
    response={
        200: ResourceDetail,
        400: Detail,
        403: Detail,
        404: Detail,
        410: Detail,
    },
    exclude_unset=True,
)
def preview(
    request: HttpRequest,
    response: HttpResponse,
    token: str = Query(..., description=DRAFT_DOC),
    site: str | None = Query(None, description=SITE_DOC),
    id: int | None = Query(None, description=ID_DOC),
):
    """An unpublished draft in the shape of a resource's detail; never cached."""
    response["Cache-Control"] = "private, no-store"
    try:
        state = redeem_token(token)
    except PreviewRefused as refusal:
        raise DeliveryError(refusal.detail, status=refusal.status) from None
    if id is not None and id != state.page_id:
        raise DeliveryError(_("Nyckeln gäller en annan sida."), status=403)
    draft = draft_of(state)
    # No locale, as a detail request by id has none: resource_detail() uses
    # the page's own, and the addresses it gives carry none either.
    ctx = SiteContext.from_request(request, site or state.site, None)
    ctx.use_locale_of(draft)
    return preview_detail(ctx, draft)


def draft_of(state: PreviewState) -> Page:
    """The page as the token's snapshot has it, or 404/410."""
    page = Page.objects.filter(pk=state.page_id).select_related("locale").first()
    if page is None:
        raise NotFound(_("Sidan finns inte längre."))
    if page.live_revision_id != state.live_revision_id:
        raise DeliveryError(
            _(
                "Sidan har publicerats sedan förhandsgranskningen öppnades. "
                "Läs det publicerade materialet, eller öppna förhandsgranskningen igen."
            ),
            status=410,
        )
    draft = page.specific.with_content_json(copy.deepcopy(state.content))
    draft.locale = page.locale
    return draft


def preview_detail(ctx: SiteContext, draft: Page) -> dict:
    """resource_detail() of the draft on the context's site: its own, or a
    member's that GR's draft is shared with."""
    sites = preview_sites(draft)
    if ctx.profile.pk not in {site.pk for site in sites}:
        raise NotFound(
            _("Materialet visas inte på webbplatsen %(site)s.")
            % {"site": ctx.profile.slug}
        )
    row = draft if ctx.profile.pk == sites[0].pk else as_alias(ctx, draft)
    detail = resource_detail(ctx, as_resource_row(row))
    # The summary reads a page's roles from the database, where only the
    # published ones are: the draft's own come from the snapshot.
    role_ids = [link.role_id for link in draft.role_links.all() if link.role_id]
    roles = ctx.roles(set(role_ids))
    detail["roles"] = [
        {"slug": roles[pk][0], "name": roles[pk][1]} for pk in role_ids if pk in roles
    ]
    return detail


def as_alias(ctx: SiteContext, draft: Page) -> Page:
    """The draft of GR's page as the member's copy of it: the alias's id,
    place and publish dates; or, before the member has a copy, the place
    the copy will get (under the topic with the same slugs), with GR's id."""
    alias = None
    if ctx.root is not None:
        alias = Page.objects.filter(
            alias_of_id=draft.pk, path__startswith=ctx.root.path
        ).first() or planned_alias(ctx, draft)
    if alias is None:
        raise NotFound(
            _("Materialet har ännu ingen plats på webbplatsen %(site)s.")
            % {"site": ctx.profile.slug}
        )
    row = copy.copy(draft)
    row.id = row.page_ptr_id = alias.pk
    row.alias_of_id = draft.pk
    for field in ("path", "depth", "url_path", "translation_key"):
        setattr(row, field, getattr(alias, field))
    row.first_published_at = alias.first_published_at
    row.last_published_at = alias.last_published_at or draft.last_published_at
    return row


def planned_alias(ctx: SiteContext, draft: Page) -> Page | None:
    """Where the member's copy of `draft` will go: under its topic with the
    same theme and topic slugs (pages/syndication/resources.py MemberPlaces)."""
    topic = draft.get_parent()
    theme = topic.get_parent()
    member_topic = None
    for page in ctx.structure.values():
        if page.depth == ctx.root.depth + 1 and page.slug == theme.slug:
            member_topic = next(
                (t for t in ctx.topics_of(page) if t.slug == topic.slug), None
            )
    if member_topic is None:
        return None
    return Page(
        pk=draft.pk,
        # A path below the topic that no page of the tree has: for theme
        # and topic look-ups by path prefix only.
        path=member_topic.path + "ZZZZ",
        depth=member_topic.depth + 1,
        url_path=f"{member_topic.url_path}{draft.slug}/",
        translation_key=draft.translation_key,
        first_published_at=None,
        last_published_at=None,
    )


def as_resource_row(page: Page) -> Page:
    """`page` (a specific instance) as with_specific_rows() gives a resource:
    its kind's row already joined, being the page itself, and the other
    kinds' rows known to be absent (no query each)."""
    for model in RESOURCE_MODELS:
        relation = Page._meta.get_field(model._meta.model_name)
        relation.set_cached_value(page, page if type(page) is model else None)
    return page
