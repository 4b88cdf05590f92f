"""The words of each site's public text, kept in step with the index.

Spelling corrections (search/spelling.py) offer only words that the site's
published text holds in the query's language: `SearchWord`, one row per
site tree, language and word as written, with its folded form and the
number of documents that hold it and of those whose title does (titles
weigh more when candidates tie). Words that fold alike ("vanliga",
"vänliga") are rows of their own, so a correction shows the form most
documents write, whatever the order they were indexed in.

Each document keeps what it added (`SearchDocument.words`): its distinct
words, folded and as written, marked where its title has them. Only a
document the public may see adds anything; staff material, which the index
also holds, adds nothing, nor does anything of another site (another
`root_path`) or a draft (never indexed). Every write of the index takes
away what the documents it replaces added and adds what the new ones add,
in its own transaction (search/documents.py), as one signed increment per
word: an upsert that SQLite and PostgreSQL both run, never a read of the
counts first, so that concurrent writes add up. A word whose count reaches
zero is deleted.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection

from .analysis import MAX_WORD, fold, is_stopword, words

# Shorter words are never corrections: a query word is corrected only from
# six letters (search/spelling.py), one edit away at most.
MIN_LENGTH = 5
# Rows per upsert statement (six parameters each).
CHUNK = 500
TITLE_MARK = "t"


class Entry(NamedTuple):
    """One distinct word of a document: folded, as written, and whether
    the title has it."""

    word: str
    display: str
    in_title: bool


class Contribution(NamedTuple):
    """What one document adds: where it belongs and its entries, encoded."""

    root_path: str
    language: str
    words: str


def entries(texts: dict[str, list[str]], language: str) -> list[Entry]:
    """The vocabulary words of a document's texts (search_texts()): letters
    only, at least MIN_LENGTH of them, no stop words; each written form
    once, in the title if the title has it."""
    found: dict[str, Entry] = {}
    for field, values in texts.items():
        in_title = field == "title"
        for text in values:
            for word in words(text or ""):
                folded = fold(word.text)
                if not _is_vocabulary(folded, word.text, language):
                    continue
                seen = found.get(word.text)
                if seen is None or (in_title and not seen.in_title):
                    found[word.text] = Entry(folded, word.text, in_title)
    return list(found.values())


def _is_vocabulary(folded: str, written: str, language: str) -> bool:
    return (
        MIN_LENGTH <= len(folded) <= MAX_WORD
        and folded.isalpha()
        and not is_stopword(written, language)
    )


def encode(found: Iterable[Entry]) -> str:
    """Entries as SearchDocument.words keeps them: "word:display[:t]" each."""
    return " ".join(
        f"{entry.word}:{entry.display}" + (f":{TITLE_MARK}" if entry.in_title else "")
        for entry in found
    )


def decode(text: str) -> list[Entry]:
    found = []
    for item in text.split():
        word, display, *mark = item.split(":")
        found.append(Entry(word, display, mark == [TITLE_MARK]))
    return found


def replace(removed: Iterable[Contribution], added: Iterable[Contribution]) -> None:
    """Take away what `removed` documents added to the vocabulary and add
    what `added` ones add, as one increment per word (unchanged words
    cancel out and are not written). Call it inside the transaction that
    writes the documents."""
    changes: dict[tuple[str, str, str, str], list[int]] = {}
    for sign, contributions in ((1, added), (-1, removed)):
        for contribution in contributions:
            for entry in decode(contribution.words):
                key = (
                    contribution.root_path,
                    contribution.language,
                    entry.display,
                    entry.word,
                )
                change = changes.setdefault(key, [0, 0])
                change[0] += sign
                change[1] += sign * entry.in_title
    rows = [
        (*key, documents, titles)
        for key, (documents, titles) in sorted(changes.items())
        if documents or titles
    ]
    for start in range(0, len(rows), CHUNK):
        _increment(rows[start : start + CHUNK])
    _delete_unused([row[:3] for row in rows if row[4] < 0])


def _increment(rows: list[tuple]) -> None:
    """Add each row's counts to its word's, creating the word if need be.

    Rows come sorted by key, so concurrent writers lock the words in the
    same order and never deadlock on PostgreSQL.
    """
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    sql = f"""
        INSERT INTO search_searchword
            (root_path, language, display, word, documents, titles)
        VALUES {values}
        ON CONFLICT (root_path, language, display) DO UPDATE SET
            documents = search_searchword.documents + excluded.documents,
            titles = search_searchword.titles + excluded.titles
    """  # noqa: S608 - only placeholders
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def _delete_unused(keys: list[tuple[str, str, str]]) -> None:
    """Delete the words among `keys` (root_path, language, display) that no
    document holds any longer: one statement for every site's (material
    taken off line leaves words on many), CHUNK × 4 words at most."""
    for start in range(0, len(keys), 4 * CHUNK):
        by_scope: dict[tuple[str, str], list[str]] = {}
        for root_path, language, display in keys[start : start + 4 * CHUNK]:
            by_scope.setdefault((root_path, language), []).append(display)
        groups, params = [], []
        for (root_path, language), found in by_scope.items():
            marks = ", ".join(["%s"] * len(found))
            groups.append(
                f"(root_path = %s AND language = %s AND display IN ({marks}))"
            )
            params += [root_path, language, *found]
        sql = f"""
            DELETE FROM search_searchword
            WHERE documents <= 0 AND ({" OR ".join(groups)})
        """  # noqa: S608 - only placeholders
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
