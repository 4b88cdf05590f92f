"""The index's terms: what a word gives, and what the full-text fields leave
out because a query finds it by its stem anyway."""

import pytest

from search.analysis import index_text, query_words, word_terms


def test_a_word_gives_its_folded_form_stem_and_compound_parts():
    assert word_terms("brottsförebyggande") == (
        "brottsforebyggande",
        "brottsforebygg",
        "brott",
        "forebygg",
    )


@pytest.mark.parametrize(
    ("word", "terms"),
    [
        # The stem begins the folded word: the stem alone.
        ("upphandlingar", ("upphandling",)),
        ("brottsförebyggande", ("brottsforebygg", "brott", "forebygg")),
        # Nothing to stem: the word.
        ("våld", ("vald",)),
    ],
)
def test_the_full_text_fields_keep_the_stem_for_the_whole_word(word, terms):
    assert word_terms(word, whole_word=False) == terms
    # What a query for the word asks for, as prefixes, is still there.
    [query] = query_words(word)
    indexed = index_text([word]).split()
    for alternative in query.alternatives:
        assert any(term.startswith(alternative) for term in indexed)


def test_suggestions_keep_whole_words_for_titles_typed_past_their_stem():
    assert index_text(["Upphandlingar"], whole_words=True).split() == [
        "upphandlingar",
        "upphandling",
    ]
    assert index_text(["Upphandlingar"]).split() == ["upphandling"]
