"""What every page's footer shows: links to the site's own information pages
and its contact details (templates/includes/footer.html).

Read once per site, language and content version (pages/delivery/memo.py):
two queries when the content changed, none on the requests after, however
many sites there are. The links follow the delivery layer's visibility rule,
so a draft, unpublished or private page is never linked; a page not
translated into the reader's language is linked in Swedish, and says so.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Coalesce

from wagtail.models import Page

from pages.delivery.context import SiteContext
from pages.delivery.memo import memo
from pages.delivery.sql import under

from .models import SITE_INFO_MODELS, ContactPage, tel_uri


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str
    # The language of the page linked to: not the reader's when it is a fallback.
    language_code: str
    fallback: bool


@dataclass(frozen=True)
class SiteFooter:
    links: tuple[FooterLink, ...] = ()
    email: str = ""
    phone: str = ""

    @property
    def phone_uri(self) -> str:
        return tel_uri(self.phone) if self.phone else ""


def site_footer(ctx: SiteContext) -> SiteFooter:
    """The footer of the context's site in the context's language."""
    key = ("siteinfo_footer", ctx.site.pk, ctx.language_code)
    return memo.get(ctx.version, key, lambda: _read(ctx))


def _read(ctx: SiteContext) -> SiteFooter:
    swedish_home = ctx.site.root_page
    own_home = ctx.root if ctx.root is not None else swedish_home
    content_types = ContentType.objects.get_for_models(*SITE_INFO_MODELS)
    pages = list(
        Page.objects.filter(
            ctx.visible(),
            under(swedish_home.path) | under(own_home.path),
            depth=swedish_home.depth + 1,
            content_type__in=list(content_types.values()),
        )
        # A copy of a Swedish page in another language's tree (an alias) is
        # still in Swedish.
        .annotate(
            content_language=Coalesce(
                "alias_of__locale__language_code", "locale__language_code"
            )
        )
        .order_by("path")
    )
    links, contact = [], None
    for model in SITE_INFO_MODELS:
        of_type = [p for p in pages if p.content_type_id == content_types[model].pk]
        page = _in(of_type, own_home) or _in(of_type, swedish_home)
        url = page.get_url(request=ctx.request, current_site=ctx.site) if page else None
        if url is None:
            continue
        language = page.content_language
        links.append(
            FooterLink(page.title, url, language, language != ctx.language_code)
        )
        if model is ContactPage:
            contact = page
    if contact is None:
        return SiteFooter(links=tuple(links))
    email, phone = ContactPage.objects.values_list("email", "phone").get(pk=contact.pk)
    return SiteFooter(links=tuple(links), email=email, phone=phone)


def _in(pages: list[Page], home: Page) -> Page | None:
    return next((page for page in pages if page.path.startswith(home.path)), None)
