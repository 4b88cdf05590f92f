"""What the public may see: the one rule that every reader of pages uses.

A page is visible to the public when

- it is live: not a draft, not unpublished (a member's hidden copy of GR's
  material is unpublished, and so is material scheduled but not yet live);
- it has not expired, whether or not the scheduler (`manage.py
  publish_scheduled`) has unpublished it yet;
- neither it nor any of its ancestors has a view restriction (password,
  login or groups);
- and, for an alias (GR's material on a member's site, an untranslated page
  in another language's tree), its original is visible by this same rule:
  a restriction or an expiry on GR's original, or on one of the original's
  ancestors, reaches every alias on every site.

One reader sees more: an API consumer with staff material
(consumers/models/consumer.py) passes restrictions to logged-in users
("inloggade") in its own site's tree, and GR's, when it reads its own site
(`login_passed_under`, chosen per request in context.py). Passwords and
group restrictions close a page to every reader of the API.

Which site and language a page belongs to is the tree's business
(SiteContext.resources()); the rule is the same everywhere. The API (list,
detail, by path, search, autocomplete, facets, related material), Wagtail's
API v2, the site's pages and listings, the feeds and the search index all
ask this module, in one of three forms: `q()` for a query, `admits()` for
a page in hand and `admits_hit()` for a search hit.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from .memo import content_version, memo
from .sql import id_list

RESTRICTED = "restricted"
WITHDRAWN = "withdrawn"


def _own_rule(private_paths, prefix: str = "") -> Q:
    """Live, not expired and not under a restriction: the rule for a page
    itself (or, with `prefix`, for a related page), aliases aside."""
    q = Q(**{f"{prefix}live": True}) & (
        Q(**{f"{prefix}expire_at__isnull": True})
        | Q(**{f"{prefix}expire_at__gt": timezone.now()})
    )
    for path in private_paths:
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def _aliases_reaching(originals: set[int]) -> set[int]:
    """Live aliases of `originals`, and aliases of those, to the end of the chain."""
    found: set[int] = set()
    frontier = originals
    while frontier:
        frontier = (
            set(
                Page.objects.filter(live=True, alias_of_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


@dataclass(frozen=True)
class Visibility:
    """The rule as of one content version: the view restrictions, the
    subtrees they close (with those of aliases whose original they close),
    and the live aliases whose original the public may not see."""

    restrictions: tuple[PageViewRestriction, ...]
    private_paths: tuple[str, ...]
    restricted_aliases: frozenset[int]
    withdrawn_aliases: frozenset[int]

    # Root paths under which a restriction to logged-in users ("inloggade")
    # is passed: () for the public; a consumer's sites for its staff material.
    login_passed_under: tuple[str, ...] = ()

    @classmethod
    def current(
        cls, request=None, login_passed_under: tuple[str, ...] = ()
    ) -> "Visibility":
        """The rule for this request's content version (read once per version)."""
        return memo.get(
            content_version(request),
            ("visibility", login_passed_under),
            lambda: cls.read(login_passed_under),
        )

    @classmethod
    def read(cls, login_passed_under: tuple[str, ...] = ()) -> "Visibility":
        """The rule now. With `login_passed_under`, the rule for a reader
        logged in as staff of those subtrees (a consumer with staff material):
        login restrictions there do not close a page; passwords and group
        restrictions always do, as do login restrictions anywhere else."""
        restrictions = tuple(
            restriction
            for restriction in PageViewRestriction.objects.select_related("page")
            if not (
                restriction.restriction_type == PageViewRestriction.LOGIN
                and restriction.page.path.startswith(login_passed_under)
            )
        )
        paths = sorted({restriction.page.path for restriction in restrictions})
        live_aliases = Page.objects.filter(live=True, alias_of__isnull=False)
        restricted: set[int] = set()
        if paths:
            under_restriction = Q(pk__in=[])
            for path in paths:
                under_restriction |= Q(alias_of__path__startswith=path)
            restricted = set(
                live_aliases.filter(under_restriction).values_list("pk", flat=True)
            )
            restricted |= _aliases_reaching(restricted)
        # An alias of a closed section (a topic, a theme) closes its own
        # subtree as well, as Wagtail's own check does when it serves a page
        # whose ancestor is such an alias (Page.get_view_restrictions).
        alias_sections = Page.objects.filter(pk__in=restricted, numchild__gt=0)
        paths += sorted(alias_sections.values_list("path", flat=True))
        withdrawn = set(
            live_aliases.exclude(
                Q(alias_of__live=True)
                & (
                    Q(alias_of__expire_at__isnull=True)
                    | Q(alias_of__expire_at__gt=timezone.now())
                )
            ).values_list("pk", flat=True)
        )
        return cls(
            restrictions=restrictions,
            private_paths=tuple(paths),
            restricted_aliases=frozenset(restricted),
            withdrawn_aliases=frozenset(withdrawn | _aliases_reaching(withdrawn)),
            login_passed_under=login_passed_under,
        )

    @property
    def is_public(self) -> bool:
        """Whether this is the public's rule (answers any cache may keep)."""
        return not self.login_passed_under

    @property
    def hidden_aliases(self) -> frozenset[int]:
        return self.restricted_aliases | self.withdrawn_aliases

    def q(self, prefix: str = "") -> Q:
        """The pages the public may see, as a filter (`prefix` for a relation)."""
        q = _own_rule(self.private_paths, prefix)
        hidden = self.hidden_aliases
        if hidden:
            q &= ~Q(**{f"{prefix}pk__in": id_list(sorted(hidden))})
        return q

    def why_hidden(self, page: Page) -> str | None:
        """WITHDRAWN (not live, expired, or an alias of such a page),
        RESTRICTED (a view restriction on it, an ancestor, or its original
        or the original's ancestors), or None when the public may see it."""
        if (
            not page.live
            or (page.expire_at is not None and page.expire_at <= timezone.now())
            or page.pk in self.withdrawn_aliases
        ):
            return WITHDRAWN
        if page.pk in self.restricted_aliases or self.under_restriction(page.path):
            return RESTRICTED
        return None

    def admits(self, page: Page) -> bool:
        """Whether the public may see `page` (a page in hand)."""
        return self.why_hidden(page) is None

    def admits_hit(self, page_id: int, path: str) -> bool:
        """Whether the public may see a search hit. The index holds only
        live, unexpired pages (search/documents.py) and its searches leave
        out what has expired since; restrictions and aliases are checked
        here too, so that a change reaches search at once."""
        return page_id not in self.hidden_aliases and not self.under_restriction(path)

    def under_restriction(self, path: str) -> bool:
        return any(path.startswith(private) for private in self.private_paths)

    def restrictions_on(self, page: Page) -> list[PageViewRestriction]:
        """The view restrictions that keep `page` from the public: on it or
        its ancestors and, for aliases among them, on their originals and
        the originals' ancestors."""
        paths = {page.path}
        aliases = [page] if page.alias_of_id else []
        aliases += page.get_ancestors().filter(alias_of__isnull=False).only("alias_of")
        for alias in aliases:
            seen = set()
            original_id = alias.alias_of_id
            while original_id and original_id not in seen:
                seen.add(original_id)
                original = Page.objects.only("path", "alias_of").get(pk=original_id)
                paths.add(original.path)
                original_id = original.alias_of_id
        return [
            restriction
            for restriction in self.restrictions
            if any(path.startswith(restriction.page.path) for path in paths)
        ]
