"""Edit distances and deletion neighbourhoods (search/edits.py), each
compared with a plain implementation."""

from hypothesis import given, settings
from hypothesis import strategies as st

from search.edits import deletions, osa_distance

# A small alphabet makes near words, and so small distances, common.
near_words = st.text(alphabet="abcå", max_size=9)


def plain_osa(first: str, second: str) -> int:
    """The optimal string alignment distance, the whole table computed."""
    rows, columns = len(first) + 1, len(second) + 1
    table = [[0] * columns for _ in range(rows)]
    for i in range(rows):
        table[i][0] = i
    for j in range(columns):
        table[0][j] = j
    for i in range(1, rows):
        for j in range(1, columns):
            cost = first[i - 1] != second[j - 1]
            table[i][j] = min(
                table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost
            )
            if (
                i > 1
                and j > 1
                and first[i - 1] == second[j - 2]
                and first[i - 2] == second[j - 1]
            ):
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@settings(max_examples=400)
@given(near_words, near_words, st.integers(min_value=0, max_value=3))
def test_the_banded_distance_is_the_plain_one_up_to_its_limit(first, second, limit):
    expected = plain_osa(first, second)
    assert osa_distance(first, second, limit) == min(expected, limit + 1)


def test_a_swap_of_neighbours_is_one_edit():
    assert osa_distance("upphandlnig", "upphandling", 2) == 1
    assert osa_distance("lagesbld", "lagesbild", 1) == 1
    assert osa_distance("trygghetsvandrngar", "trygghetsvandringar", 2) == 1
    assert osa_distance("kommunansalda", "kommunanstallda", 2) == 2


@given(near_words, st.integers(min_value=0, max_value=2))
def test_deletions_are_every_word_with_up_to_depth_letters_left_out(word, depth):
    found = deletions(word, depth)
    assert word in found
    assert all(len(word) - depth <= len(variant) <= len(word) for variant in found)
    # Each is what deleting some positions leaves: its letters in order.
    for variant in found:
        letters = iter(word)
        assert all(letter in letters for letter in variant)


def test_words_within_their_edits_share_a_deletion():
    """The deletion neighbourhood's promise (SQLite's candidates)."""
    for typed, word in [
        ("upphandlnig", "upphandling"),
        ("lagesbld", "lagesbild"),
        ("kommunansalda", "kommunanstallda"),
        ("belysnnig", "belysning"),
    ]:
        edits = osa_distance(typed, word, 2)
        assert deletions(typed, edits) & deletions(word, edits)
