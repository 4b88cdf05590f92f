"""Which site and locale a request is about, and what is visible there."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page, PageViewRestriction, Site

from pages.models import (
    RESOURCE_MODELS,
    ContentVersion,
    Role,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
)

from .errors import ApiError

LOCALES = ("sv", "en")
KIND_MODELS = {model.kind: model for model in RESOURCE_MODELS}


def resource_content_types() -> dict[int, str]:
    """Content type id → kind, from ContentType's own cache after the first call."""
    types = ContentType.objects.get_for_models(*RESOURCE_MODELS)
    return {content_type.pk: model.kind for model, content_type in types.items()}


def under(path: str) -> Q:
    """Pages in the subtree at `path` (itself included), as an index range.

    Equivalent to path__startswith, but a range on the indexed path column
    can use the index on SQLite and PostgreSQL, where LIKE 'prefix%' cannot
    (SQLite's LIKE is case-insensitive; PostgreSQL's collation is not C).
    Tree paths only use the characters 0-9 and A-Z.
    """
    return Q(path__gte=path, path__lte=path + "Z" * (255 - len(path)))


def visible_q(private_paths: list[str], prefix: str = "") -> Q:
    """Pages an anonymous visitor may see: live, not expired, not view-restricted."""
    q = Q(**{f"{prefix}live": True}) & (
        Q(**{f"{prefix}expire_at__isnull": True})
        | Q(**{f"{prefix}expire_at__gt": timezone.now()})
    )
    for path in private_paths:
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


class VersionMemo:
    """Values derived from public content, kept in this process for as long
    as the content version they were read under is current.

    Every change the public could see (pages, sites, site profiles, view
    restrictions, roles, locales, an expiry) moves ContentVersion's counter
    (pages/signal_handlers.py), which each API request reads anyway for its
    ETag. What every request of a version would read again (the site
    profiles, the view restrictions, the roles, a site's themes and topics,
    the editors' search recommendations) is read once per version and
    process: about 8 ms of a search at 100,000 resources. Values are keyed
    by the counter too, so a request that began under an older version
    never stores into a newer one. The counter only grows; tests, whose
    rollbacks reuse numbers, empty the memo between tests
    (tests/conftest.py).
    """

    def __init__(self) -> None:
        self._counter: int | None = None
        self._values: dict[tuple[int, Any], Any] = {}
        self._lock = threading.Lock()

    def get(self, counter: int, key: Any, compute: Callable[[], Any]) -> Any:
        """The value for `key` under version `counter`, computed if missing."""
        try:
            return self._values[(counter, key)]
        except KeyError:
            pass
        value = compute()
        with self._lock:
            if counter != self._counter:
                self._values = {}
                self._counter = counter
            self._values[(counter, key)] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._values = {}
            self._counter = None


memo = VersionMemo()


def content_version(request: HttpRequest) -> int:
    """The content version this request is answered under, read once."""
    counter = getattr(request, "content_version", None)
    if counter is None:
        counter = request.content_version = ContentVersion.current().counter
    return counter


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
    raise ApiError(_("Ingen webbplats svarar på det här värdnamnet."), status=404)


@dataclass
class SiteContext:
    """The site, locale and visibility rules that every query of a request uses."""

    request: HttpRequest
    profile: SiteProfile
    language_code: str
    locale_given: bool
    root: Page | None
    private_paths: list[str] = field(default_factory=list)
    version: int = 0

    @classmethod
    def from_request(
        cls, request: HttpRequest, site: str | None, locale: str | None
    ) -> "SiteContext":
        if locale is not None and locale not in LOCALES:
            raise ApiError(
                _("Okänt språk %(locale)s. Tillåtna värden: %(allowed)s.")
                % {"locale": locale, "allowed": ", ".join(LOCALES)}
            )
        version = content_version(request)
        profiles = site_profiles(version)
        if site is not None:
            matches = [p for p in profiles if p.slug == site]
            if not matches:
                raise ApiError(_("Okänd webbplats: %(site)s.") % {"site": site})
            profile = matches[0]
        else:
            host = request.get_host().split(":")[0]
            port = int(request.get_port() or 80)
            profile = _site_for_host(profiles, host, port)
        language_code = locale or "sv"
        home = profile.site.root_page
        if home.locale.language_code != language_code:
            home = _translation(version, home, language_code)
        private_paths = memo.get(version, "private_paths", _private_paths)
        return cls(
            request=request,
            profile=profile,
            language_code=language_code,
            locale_given=locale is not None,
            root=home,
            private_paths=private_paths,
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
        return visible_q(self.private_paths)

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

    def searchable(self):
        """The resources of this site and locale, filtered only on indexed fields."""
        if self.root is None:
            return Page.objects.none()
        return Page.objects.filter(
            live=True,
            locale_id=self.root.locale_id,
            path__startswith=self.root.path,
            content_type_id__in=list(resource_content_types()),
        )

    @cached_property
    def structure(self) -> dict[str, Page]:
        """Visible theme hubs and topics of this site, by tree path, in tree order."""
        if self.root is None:
            return {}
        root, private_paths = self.root, self.private_paths
        return memo.get(
            self.version,
            ("structure", root.pk),
            lambda: _structure(root, private_paths),
        )

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
        raise ApiError(_("Okänt tema: %(slug)s.") % {"slug": slug})

    def topic_by_slug(self, slug: str) -> Page:
        for page in self.structure.values():
            if page.depth == self.root.depth + 2 and page.slug == slug:
                return page
        raise ApiError(_("Okänt ämne: %(slug)s.") % {"slug": slug})

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


def _private_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


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


def _structure(root: Page, private_paths: list[str]) -> dict[str, Page]:
    """Visible theme hubs and topics under `root`, by tree path, in tree order."""
    pages = (
        Page.objects.filter(
            visible_q(private_paths),
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
