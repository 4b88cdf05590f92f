"""The interface every search backend implements."""

from dataclasses import dataclass

from ..analysis import QueryWord


@dataclass(frozen=True)
class Scope:
    """One site's tree (its home page path) in one language."""

    root_path: str
    language: str


@dataclass(frozen=True)
class SearchQuery:
    """A query as typed (cleaned) and as analysed (search/analysis.py).

    The database backends match the analysed `words`; Elasticsearch analyses
    `text` itself, with the same rules written as its index settings.
    """

    text: str
    words: tuple[QueryWord, ...]
    language: str  # the analysis language: "sv" or "en"
    synonyms: tuple[QueryWord, ...] = ()

    @property
    def all_words(self) -> list[QueryWord]:
        return [*self.words, *self.synonyms]


@dataclass(frozen=True)
class Hit:
    page_id: int
    score: float


class SearchBackend:
    name = "base"

    def search(self, query: SearchQuery, scope: Scope, limit: int) -> list[Hit]:
        """Resources matching any word of `query`, best first (at most `limit`)."""
        raise NotImplementedError

    def suggest(self, query: SearchQuery, scope: Scope, limit: int) -> list[int]:
        """Resources whose title has every word of `query` (each as a prefix)."""
        raise NotImplementedError


def group_terms(word: QueryWord) -> list[str]:
    """Every term one query word may match, as a prefix: its forms and parts."""
    terms = list(word.alternatives)
    terms += [part for part in word.parts if part not in terms]
    return terms
