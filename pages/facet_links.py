"""A facet as the site shows it: links that set a value (or clear it), with counts.

Both the topic page's filters (pages/listing.py) and the search page's
facets (search/views.py) are built here; each page says how its own
addresses are written (`url`), since the search page keeps its query first.
"""

from collections.abc import Callable, Iterable


def facet_links(
    title: str,
    name: str,
    chosen: dict[str, str],
    options: Iterable[tuple[str, str, int]],
    url: Callable[[dict[str, str]], str],
) -> dict:
    """Facet `name` with its `options` (value, label, count) as links.

    `chosen` holds the parameters in use; each option's link sets `name`
    to its value keeping the others, or clears it when it is the one
    chosen; `clear_url` clears it, when it is set.
    """
    others = {key: value for key, value in chosen.items() if key != name}
    current = chosen.get(name)
    return {
        "title": title,
        "name": name,
        "options": [
            {
                "label": label,
                "count": count,
                "chosen": current == value,
                "url": url(others if current == value else others | {name: value}),
            }
            for value, label, count in options
        ],
        "clear_url": url(others) if name in chosen else None,
    }
