"""Which site and locale a request is about, and what is visible there."""

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page, Site

from pages.models import Role, SiteProfile, ThemeHubPage, TopicPage

from .errors import DeliveryError
from .kinds import resource_content_types
from .memo import content_version, memo
from .sql import under
from .visibility import Visibility

LOCALES = ("sv", "en")


def _site_for_host(profiles: list[SiteProfile], host: str, port: int) -> SiteProfile:
    by_host = [p for p in profiles if p.site.hostname == host]
    exact = [p for p in by_host if p.site.port == port]
    if exact:
        return exact[0]
    if len(by_host) == 1:
        return by_host[0]
    default = [p for p in profiles if p.site.is_default_site]
    if default:
        return default[0]
    raise DeliveryError(_("Ingen webbplats svarar på det här värdnamnet."), status=404)


@dataclass
class SiteContext:
    """The site, locale and visibility rules that every query of a request uses."""

    request: HttpRequest
    profile: SiteProfile
    language_code: str
    locale_given: bool
    root: Page | None
    visibility: Visibility = field(repr=False)
    version: int = 0

    @classmethod
    def from_request(
        cls, request: HttpRequest, site: str | None, locale: str | None
    ) -> "SiteContext":
        if locale is not None and locale not in LOCALES:
            raise DeliveryError(
                _("Okänt språk %(locale)s. Tillåtna värden: %(allowed)s.")
                % {"locale": locale, "allowed": ", ".join(LOCALES)}
            )
        version = content_version(request)
        profiles = site_profiles(version)
        if site is not None:
            matches = [p for p in profiles if p.slug == site]
            if not matches:
                raise DeliveryError(_("Okänd webbplats: %(site)s.") % {"site": site})
            profile = matches[0]
        else:
            host = request.get_host().split(":")[0]
            port = int(request.get_port() or 80)
            profile = _site_for_host(profiles, host, port)
        language_code = locale or "sv"
        home = profile.site.root_page
        if home.locale.language_code != language_code:
            home = _translation(version, home, language_code)
        return cls(
            request=request,
            profile=profile,
            language_code=language_code,
            locale_given=locale is not None,
            root=home,
            visibility=_reader_visibility(request, version, profile, profiles),
            version=version,
        )

    @property
    def site(self) -> Site:
        return self.profile.site

    def profiles(self) -> list[SiteProfile]:
        """Every site the API answers for (read once per content version)."""
        return site_profiles(self.version)

    def roles(self, ids: set[int] = frozenset()) -> dict[int, tuple[str, str, int]]:
        """Every role, of every locale, by id: (slug, name, sort order); if
        any of `ids` is newer than the version's roles, those too."""
        roles = memo.get(self.version, "roles", _roles)
        newer = ids - roles.keys()
        return roles | _roles(pk__in=newer) if newer else roles

    def site_root_paths(self) -> list:
        """Every site's root paths (Wagtail's SiteRootPath tuples). Wagtail
        keeps them in the cache, where each read unpickles them (over the
        network with Redis): read once per content version, which sites
        move."""
        return memo.get(self.version, "site_root_paths", Site.get_site_root_paths)

    def own_root_paths(self) -> list[str]:
        """This site's root paths, one per language."""
        return [
            root.root_path
            for root in self.site_root_paths()
            if root.site_id == self.site.pk
        ]

    def languages(self) -> dict[int, str]:
        """Every locale's language code, by locale id."""
        return memo.get(self.version, "languages", _languages)

    def visible(self) -> Q:
        """The pages the public may see (visibility.py), of any site."""
        return self.visibility.q()

    def resources(self):
        """Every resource of this site and locale that the public may see."""
        if self.root is None or not self.root.live:
            return Page.objects.none()
        # Resources are exactly the pages three levels below the home page:
        # home → theme → topic → resource, and the page type rules allow
        # nothing else there (tests/pages/test_page_tree.py). Filtering on
        # the tree, not on content types, lets the database use the path
        # index instead of scanning every resource of every site (3× faster
        # at 10,000 resources, see make bench).
        return Page.objects.filter(
            self.visible(), under(self.root.path), depth=self.root.depth + 3
        )

    def all_locale_resources(self):
        """Every visible resource of this site, in any of its locales."""
        roots = self.own_root_paths()
        in_site = Q(pk__in=[])
        for root_path in roots:
            in_site |= Q(url_path__startswith=root_path)
        return Page.objects.filter(
            self.visible(),
            in_site,
            content_type_id__in=list(resource_content_types()),
        ).exclude(url_path__in=roots)

    def use_locale_of(self, page: Page) -> None:
        """Describe `page` in its own locale (detail of a page of another locale)."""
        language_code = page.locale.language_code
        if language_code == self.language_code:
            return
        self.language_code = language_code
        self.root = _translation(self.version, self.site.root_page, language_code)
        self.__dict__.pop("structure", None)

    @cached_property
    def structure(self) -> dict[str, Page]:
        """Visible theme hubs and topics of this site, by tree path, in tree order."""
        if self.root is None:
            return {}
        root, visible = self.root, self.visible()
        key = ("structure", root.pk, self.visibility.login_passed_under)
        return memo.get(self.version, key, lambda: _structure(root, visible))

    @property
    def themes(self) -> list[Page]:
        return [p for p in self.structure.values() if p.depth == self.root.depth + 1]

    def topics_of(self, theme: Page) -> list[Page]:
        return [
            p
            for p in self.structure.values()
            if p.depth == theme.depth + 1 and p.path.startswith(theme.path)
        ]

    def theme_by_slug(self, slug: str) -> Page:
        for theme in self.themes:
            if theme.slug == slug:
                return theme
        raise DeliveryError(_("Okänt tema: %(slug)s.") % {"slug": slug})

    def topic_by_slug(self, slug: str) -> Page:
        for page in self.structure.values():
            if page.depth == self.root.depth + 2 and page.slug == slug:
                return page
        raise DeliveryError(_("Okänt ämne: %(slug)s.") % {"slug": slug})

    def theme_and_topic_of(self, page: Page) -> tuple[Page | None, Page | None]:
        steplen = Page.steplen
        theme_path = page.path[: (self.root.depth + 1) * steplen] if self.root else ""
        topic_path = page.path[: len(page.path) - steplen]
        return self.structure.get(theme_path), self.structure.get(topic_path)


def site_profiles(version: int) -> list[SiteProfile]:
    """Every site the API answers for, with its home page and that page's
    locale, as of content version `version`."""
    return memo.get(
        version,
        "profiles",
        lambda: list(
            SiteProfile.objects.select_related("site__root_page__locale").filter(
                slug__isnull=False
            )
        ),
    )


def _roles(**lookups) -> dict[int, tuple[str, str, int]]:
    """Roles (all, or those `lookups` select) by id: (slug, name, sort order)."""
    return {
        pk: (slug, name, order)
        for pk, slug, name, order in Role.objects.filter(**lookups).values_list(
            "pk", "slug", "name", "sort_order"
        )
    }


def _languages() -> dict[int, str]:
    return dict(Locale.objects.values_list("pk", "language_code"))


def _translation(version: int, home: Page, language_code: str) -> Page | None:
    """`home` in another language, or None when it has no such translation."""
    return memo.get(
        version,
        ("home", home.translation_key, language_code),
        lambda: (
            Page.objects.filter(
                translation_key=home.translation_key,
                locale__language_code=language_code,
            )
            .select_related("locale")
            .first()
        ),
    )


def _reader_visibility(
    request: HttpRequest, version: int, profile: SiteProfile, profiles: list
) -> Visibility:
    """The public's rule, or, for an API consumer with staff material on
    this site (request.api_consumer, consumers/middleware.py), the rule
    that passes the login restrictions of the sites it is staff of."""
    consumer = getattr(request, "api_consumer", None)
    if consumer is None:
        return Visibility.current(request)
    hub = next((p.site_id for p in profiles if p.is_hub), None)
    site_ids = consumer.login_admitted_sites(profile.site_id, hub)
    if not site_ids:
        return Visibility.current(request)
    roots = memo.get(version, ("tree_roots", site_ids), lambda: _tree_roots(site_ids))
    return Visibility.current(request, login_passed_under=roots)


def _tree_roots(site_ids: tuple[int, ...]) -> tuple[str, ...]:
    """The tree paths of the sites' home pages, in every language."""
    homes = Site.objects.filter(pk__in=site_ids).values("root_page__translation_key")
    return tuple(
        sorted(
            Page.objects.filter(translation_key__in=homes).values_list(
                "path", flat=True
            )
        )
    )


def _structure(root: Page, visible: Q) -> dict[str, Page]:
    """Visible theme hubs and topics under `root`, by tree path, in tree order."""
    pages = (
        Page.objects.filter(
            visible,
            path__startswith=root.path,
            depth__in=(root.depth + 1, root.depth + 2),
            content_type_id__in=[
                ContentType.objects.get_for_model(ThemeHubPage).pk,
                ContentType.objects.get_for_model(TopicPage).pk,
            ],
        )
        .only("id", "path", "depth", "slug", "title", "url_path", "locale_id")
        # An untranslated theme or topic in a locale's tree is an alias of
        # the Swedish one: its title is in the original's language.
        .annotate(
            content_language=Coalesce(
                "alias_of__locale__language_code", "locale__language_code"
            )
        )
        .order_by("path")
    )
    structure = {page.path: page for page in pages}
    # A topic under an invisible theme is invisible too.
    return {
        path: page
        for path, page in structure.items()
        if page.depth == root.depth + 1 or path[: len(path) - Page.steplen] in structure
    }
