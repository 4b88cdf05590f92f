"""Search as the delivery layer sees it: matches from an engine it is handed.

The delivery layer does not import the search app. The search app registers
its engine (search/service.py) in its AppConfig.ready(); the delivery layer
asks it for the hits of a query in one site and language, each with what
the filters, the role boost and the facets read, so that a search is
filtered and counted without going back to the page tables.

When a search asks for it (ResourceFilters.correct_spelling) and finds
fewer than the engine's FEW_MATCHES resources its reader may see, the
engine is asked to correct the query's spelling; a correction counts only
if the corrected search finds something the reader may see, so a word of
a page the reader may not see is never shown. What the corrected search
adds comes after what the query itself found.
"""

from typing import NamedTuple, Protocol

from wagtail.models import Page

from .memo import memo
from .sql import id_list


class SearchEngine(Protocol):
    """What the delivery layer asks of search (search/service.py provides it)."""

    MAX_MATCHES: int
    FEW_MATCHES: int

    def hits(
        self, text: str, root_path: str, language_code: str, limit: int, version: int
    ) -> list: ...

    def correction(
        self, text: str, root_path: str, language_code: str
    ) -> str | None: ...

    def corrected_hits(
        self,
        text: str,
        corrected: str,
        root_path: str,
        language_code: str,
        limit: int,
        version: int,
    ) -> list: ...

    def boosted(self, found: list, lifted: set[int]) -> list[int]: ...

    def record(self, text: str, found: bool) -> None: ...


_engines: list[SearchEngine] = []


def register_engine(engine: SearchEngine) -> None:
    """Make `engine` the one search_matches() asks (search/apps.py)."""
    _engines[:] = [engine]


def engine() -> SearchEngine:
    if not _engines:
        raise LookupError("No search engine registered (is the search app installed?)")
    return _engines[0]


class Match:
    """A visible resource that a search found, with what filters and facets read.

    A plain class with slots: a search makes up to a thousand of them.
    """

    __slots__ = ("content_type_id", "path", "pk", "role_slugs", "roles")

    def __init__(
        self,
        pk: int,
        content_type_id: int,
        path: str,
        roles: tuple[tuple[str, str, int], ...],
        role_slugs: frozenset[str],
    ) -> None:
        self.pk = pk
        self.content_type_id = content_type_id
        self.path = path
        # The roles as (slug, name, sort order), and their slugs.
        self.roles = roles
        self.role_slugs = role_slugs

    @property
    def topic_path(self) -> str:
        return self.path[: -Page.steplen]

    def has_role(self, slugs: frozenset[str]) -> bool:
        return not slugs.isdisjoint(self.role_slugs)

    @classmethod
    def of_hits(cls, ctx, hits: list, updated_since=None) -> dict[int, "Match"]:
        """The hits the public may see as matches, by id, with their roles;
        with `updated_since`, only those published since then (one query)."""
        visibility = ctx.visibility
        hits = [
            hit for hit in hits if visibility.admits_hit(hit.page_id, hit.facts.path)
        ]
        if updated_since is not None:
            recent = set(
                ctx.resources()
                .filter(
                    pk__in=id_list([hit.page_id for hit in hits]),
                    last_published_at__gte=updated_since,
                )
                .values_list("pk", flat=True)
            )
            hits = [hit for hit in hits if hit.page_id in recent]
        # A site has far fewer role lists than matches: each is parsed
        # once per content version, when a search first meets it.
        by_list = memo.get(ctx.version, "role_lists", dict)
        missing = {
            hit.facts.role_ids for hit in hits if hit.facts.role_ids not in by_list
        }
        if missing:
            roles = ctx.roles()
            for role_ids in missing:
                own = tuple(
                    roles[int(pk)]
                    for pk in role_ids.split(",")
                    if pk and int(pk) in roles
                )
                by_list[role_ids] = (own, frozenset(slug for slug, _n, _o in own))
        return {
            hit.page_id: cls(
                hit.page_id,
                hit.facts.content_type_id,
                hit.facts.path,
                *by_list[hit.facts.role_ids],
            )
            for hit in hits
        }


class Searched(NamedTuple):
    """A search's visible matches, most relevant first; whether the engine
    stopped at its MAX_MATCHES (then more match than are counted); and the
    query as its spelling was corrected, if it was."""

    matches: list[Match]
    capped: bool
    corrected: str | None = None


def search_matches(ctx, filters) -> Searched:
    """The visible resources of the site and language matching `filters.q`,
    most relevant first, those for `filters.boost_roles` lifted; with too
    few of them, and `filters.correct_spelling`, those of the query as its
    spelling is corrected after them.

    The search stays in the site's tree and language and considers at most
    the engine's MAX_MATCHES.
    """
    if ctx.root is None or not ctx.root.live or not filters.q:
        return Searched([], False)
    search = engine()
    hits = search.hits(
        filters.q,
        ctx.root.path,
        ctx.language_code,
        search.MAX_MATCHES,
        version=ctx.version,
    )
    found = _ranked(ctx, filters, hits)
    searched = Searched(found, len(hits) >= search.MAX_MATCHES)
    if filters.correct_spelling and len(found) < search.FEW_MATCHES:
        return _with_correction(ctx, filters, searched)
    return searched


def _ranked(ctx, filters, hits: list) -> list[Match]:
    """The hits the reader may see, as matches, best first, those for
    `filters.boost_roles` lifted."""
    matches = Match.of_hits(ctx, hits, filters.updated_since)
    boost = frozenset(filters.boost_roles)
    lifted = {pk for pk, match in matches.items() if match.has_role(boost)}
    return [matches[pk] for pk in engine().boosted(hits, lifted) if pk in matches]


def _with_correction(ctx, filters, searched: Searched) -> Searched:
    """`searched` followed by the matches of the query as its spelling is
    corrected, if the correction finds any the reader may see."""
    search = engine()
    corrected = search.correction(filters.q, ctx.root.path, ctx.language_code)
    if corrected is None:
        return searched
    hits = search.corrected_hits(
        filters.q,
        corrected,
        ctx.root.path,
        ctx.language_code,
        search.MAX_MATCHES,
        version=ctx.version,
    )
    more = _ranked(ctx, filters, hits)
    if not more:
        return searched
    seen = {match.pk for match in searched.matches}
    return Searched(
        searched.matches + [match for match in more if match.pk not in seen],
        searched.capped or len(hits) >= search.MAX_MATCHES,
        corrected,
    )
