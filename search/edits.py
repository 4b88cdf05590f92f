"""How far apart two words are, as spelling corrections count it.

An edit is one letter inserted, deleted or replaced, or two neighbours
swapped ("upphandlnig" → "upphandling" is one edit): the optimal string
alignment distance, a Levenshtein distance that also counts a swap as one.
"""


def osa_distance(first: str, second: str, limit: int) -> int:
    """The optimal string alignment distance of the two words, or `limit`
    + 1 when it is more than `limit` (the work stops as soon as it is).

    Only cells within `limit` of the diagonal are computed: a correction
    compares a word with hundreds of candidates, each at most two edits
    away, for every query that needs one.
    """
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    beyond = limit + 1
    width = len(second)
    before: list[int] = []
    previous = list(range(width + 1))
    for i in range(1, len(first) + 1):
        current = [beyond] * (width + 1)
        current[0] = i
        for j in range(max(1, i - limit), min(width, i + limit) + 1):
            cost = first[i - 1] != second[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                i > 1
                and j > 1
                and first[i - 1] == second[j - 2]
                and first[i - 2] == second[j - 1]
            ):
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return beyond
        before, previous = previous, current
    return min(previous[width], beyond)


def deletions(word: str, depth: int) -> set[str]:
    """`word` and every word made from it by deleting up to `depth` letters."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {
            variant[:position] + variant[position + 1 :]
            for variant in frontier
            for position in range(len(variant))
        }
        found |= frontier
    return found
