"""Text analysis for the database search backends: Swedish first, English too.

The same analysis runs when a page is indexed and when a query is parsed,
so both sides meet on the same terms. For every word of a text it yields:

- the word folded: lower case, diacritics removed (å, ä → a, ö → o), so
  "paverkan" typed on a phone finds "påverkan";
- its Snowball stem (PyStemmer, the Snowball project's own C library),
  folded after stemming, since the Swedish rules need å, ä and ö: so
  "upphandlingar" and "upphandling" meet on "upphandling";
- for a compound, its parts: "bidragsbrott" also gives "bidrag" and
  "brott", "assistansfusk" gives "assistans" and "fusk". Parts are found in
  a general Swedish lexicon (the 100,000 most frequent words of wordfreq),
  with the joints Swedish uses: nothing (nätmobbning), -s- (välfärdsbrott),
  or a head's final -e or -a dropped (medborgarlöfte, skolgård).

Queries also match by prefix (search/backends), which catches the compounds
the lexicon does not split: "klotter" finds "klottersanering".

English text gets folding and English stemming, without compound splitting.
Stop words are dropped from both, unless a query holds nothing else.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import Stemmer
import wordfreq

# Letters and digits; hyphens, apostrophes and punctuation split words
# ("HVB-hem" is "hvb" and "hem").
WORD = re.compile(r"[^\W_]+")
# Parts shorter than this are not split off ("nät" is as short as it gets).
MIN_PART = 3
# Words longer than this are no words (ids, hashes, runaway input).
MAX_WORD = 40
LEXICON_SIZE = 100_000
# Parts as short as MIN_PART must be among this many most frequent words:
# wordfreq's long tail is full of three-letter noise ("dsb", "rag").
SHORT_PART_RANK = 5_000
# Any part must be among this many: rarer "words" are mostly fragments.
PART_RANK = 60_000
# A word this common whose first part would be this short is a word in its
# own right: "försöker" is not före + söker, "påverkan" not påve + verkan.
WHOLE_WORD_RANK = 20_000
SHORT_HEAD = 4
MAX_PARTS = 4
# How many words Elasticsearch's decompounder gets (decompound_words).
DECOMPOUND_WORDS = 20_000
# Endings that fold into lexicon words ("ingår" → "ingar") but end words
# rather than join them: never the last part of a compound.
ENDINGS = frozenset(
    {"ingar", "ingen", "arna", "erna", "orna", "aren", "arens", "ande", "ende"}
    | {"heter", "heten", "ning", "ningar", "ningen", "lighet", "ighet"}
    | {"ade", "are", "ast"}
)

STEMMERS = {"sv": "swedish", "en": "english"}
LANGUAGES = tuple(STEMMERS)
DATA = Path(__file__).resolve().parent / "data"


def _word_file(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and "#" not in line)


# Snowball's stop word lists: words that carry no meaning of their own.
STOPWORDS = {lang: _word_file(f"stopwords_{lang}.txt") for lang in STEMMERS}


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """Lower case without diacritics: "Påverkan" → "paverkan"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS[language])


@cache
def _folded_stopwords(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in STOPWORDS[language])


@cache
def lexicon(language: str = "sv") -> dict[str, int]:
    """Folded words that compounds may be made of, with their frequency rank.

    No stop words, nothing shorter than MIN_PART; wordfreq's list is the most
    frequent first, so a word's rank is where its first spelling appears.
    """
    stop = _folded_stopwords(language)
    ranks: dict[str, int] = {}
    for rank, word in enumerate(wordfreq.top_n_list(language, LEXICON_SIZE)):
        folded = fold(word)
        if len(folded) >= MIN_PART and folded.isalpha() and folded not in stop:
            ranks.setdefault(folded, rank)
    return ranks


@cache
def decompound_words(size: int = DECOMPOUND_WORDS) -> tuple[str, ...]:
    """The `size` most frequent Swedish words, spelt as written, for Elasticsearch.

    Elasticsearch's dictionary_decompounder (search/elasticsearch.py) finds
    compound parts in this list, before folding: so the words keep å, ä and
    ö. Parts by split_compound's rules: letters only, no stop words, at
    least MIN_PART letters, a short one only if common (SHORT_PART_RANK), no
    word ending (ENDINGS). The decompounder is brute force, every listed word
    anywhere inside a token becomes a token of its own, so the list is
    shorter than the lexicon: rarer words add few real parts but many false
    ones ("edlund", "things"), and the list is stored in the index settings
    (about 230 kB in the cluster state at 20,000 words).
    """
    stop = STOPWORDS["sv"]
    found: dict[str, None] = {}
    for rank, listed in enumerate(wordfreq.top_n_list("sv", LEXICON_SIZE)):
        if len(found) >= size:
            break
        word = listed.casefold()
        if (
            len(word) >= MIN_PART
            and word.isalpha()
            and word not in stop
            and word not in ENDINGS
            and (len(word) > MIN_PART or rank < SHORT_PART_RANK)
        ):
            found.setdefault(word)
    return tuple(found)


def language_of(code: str | None) -> str:
    """The analysis language for a locale code: Swedish unless it is English."""
    return "en" if code == "en" else "sv"


@dataclass(frozen=True)
class Word:
    """One word of a text: as written (lower case) and where it stands."""

    text: str
    start: int
    end: int


def words(text: str) -> Iterator[Word]:
    for match in WORD.finditer(text):
        word = match.group().casefold()
        if len(word) <= MAX_WORD:
            yield Word(word, match.start(), match.end())


def is_stopword(word: str, language: str) -> bool:
    return fold(word) in _folded_stopwords(language)


@lru_cache(maxsize=200_000)
def stem(word: str, language: str = "sv") -> str:
    """The folded Snowball stem of a lower-case word."""
    return fold(_stemmer(language).stemWord(word))


def _known(part: str, words: dict[str, int]) -> bool:
    """A word that may stand as a part: short ones only if they are common."""
    rank = words.get(part)
    if rank is None or rank >= PART_RANK:
        return False
    return len(part) > MIN_PART or rank < SHORT_PART_RANK


def _as_head(head: str, words: dict[str, int]) -> str | None:
    """The lexicon word that `head` stands for at the front of a compound."""
    if _known(head, words):
        return head
    if head[-1] == "s" and _known(head[:-1], words):
        return head[:-1]  # välfärd-s-brott
    for vowel in "ea":
        if _known(head + vowel, words):
            return head + vowel  # medborgar(e)-löfte, skol(a)-gård
    return None


@lru_cache(maxsize=200_000)
def split_compound(folded: str, language: str = "sv") -> tuple[str, ...]:
    """The parts of a folded compound word, or () if it is not one.

    Of all the ways to cut the word into lexicon words, the one with the
    fewest parts, and of those the one whose shortest part is longest:
    "valfardsbrottslighet" → valfard, brottslighet (not val, fard, …).
    """
    if language != "sv" or len(folded) < 2 * MIN_PART or not folded.isalpha():
        return ()
    words = lexicon(language)
    size = len(folded)

    @cache
    def best(start: int) -> tuple | None:
        """(parts, shortest part) for folded[start:], or None."""
        options = []
        tail = folded[start:]
        if start > 0 and tail not in ENDINGS and _known(tail, words):
            options.append(((tail,), len(tail)))
        for cut in range(start + MIN_PART, size - MIN_PART + 1):
            head = _as_head(folded[start:cut], words)
            if head is None:
                continue
            rest = best(cut)
            if rest is not None:
                parts, shortest = rest
                options.append(((head, *parts), min(shortest, cut - start)))
        if not options:
            return None
        return min(options, key=lambda option: (len(option[0]), -option[1]))

    found = best(0)
    if found is None or len(found[0]) > MAX_PARTS:
        return ()
    parts = found[0]
    common = words.get(folded, LEXICON_SIZE) < WHOLE_WORD_RANK
    if common and len(parts[0]) <= SHORT_HEAD:
        return ()
    return parts


@lru_cache(maxsize=200_000)
def word_terms(
    word: str, language: str = "sv", whole_word: bool = True
) -> tuple[str, ...]:
    """The index terms of one lower-case word: folded, stemmed, compound parts.

    With `whole_word=False` the folded word is left out when its stem
    begins it ("upphandlingar" gives "upphandling" alone): a query matches
    terms as prefixes and asks for that stem alone then (query_words), so
    the whole word only counted the word twice and made the vectors that
    a search reads and ranks a third larger.
    """
    folded = fold(word)
    terms = [folded]
    stemmed = stem(word, language)
    if stemmed != folded:
        if whole_word or not folded.startswith(stemmed):
            terms.append(stemmed)
        else:
            terms = [stemmed]
    for part in split_compound(folded, language):
        part_stem = stem(part, language)
        if part_stem not in terms:
            terms.append(part_stem)
    return tuple(terms)


@lru_cache(maxsize=200_000)
def _indexed(word: str, language: str, whole_words: bool) -> tuple[str, ...]:
    """A lower-case word's index terms, or () for a stop word."""
    if fold(word) in _folded_stopwords(language):
        return ()
    return word_terms(word, language, whole_words)


def index_text(
    texts: Iterable[str], language: str = "sv", whole_words: bool = False
) -> str:
    """The terms of `texts` for the full-text index, space-separated.

    Stop words are left out; a word's terms follow it in order, so the
    index keeps roughly the text's length and word order. Suggestions
    keep `whole_words` (see word_terms): a title typed further than its
    stem ("upphandlinga…") must still find it.
    """
    terms: list[str] = []
    for text in texts:
        for word in WORD.findall((text or "").casefold()):
            if len(word) <= MAX_WORD:
                terms.extend(_indexed(word, language, whole_words))
    return " ".join(terms)


@dataclass(frozen=True)
class QueryWord:
    """What one word of a query may match: any of `alternatives` (as prefixes),
    or all of `parts` (a compound's parts, as prefixes)."""

    text: str
    alternatives: tuple[str, ...]
    parts: tuple[str, ...] = ()


def query_words(query: str, language: str = "sv") -> list[QueryWord]:
    """The words of a query, analysed as the index was; stop words dropped,
    unless the query holds nothing else ("vad är det")."""
    found = list(words(query))
    meaningful = [w for w in found if not is_stopword(w.text, language)]
    result = []
    for word in meaningful or found:
        folded = fold(word.text)
        alternatives = [folded]
        stemmed = stem(word.text, language)
        # A stem that is a prefix of the folded word is covered by it
        # ("upphandling" covers "upphandlingar"); keep only the shorter.
        if folded.startswith(stemmed):
            alternatives = [stemmed]
        elif stemmed not in alternatives:
            alternatives.append(stemmed)
        parts = tuple(stem(part, language) for part in split_compound(folded, language))
        result.append(QueryWord(word.text, tuple(alternatives), parts))
    return result
