"""A facet as the site shows it: links that set a value (or clear it), with counts.

Both the topic page's filters (pages/listing.py) and the search page's
facets (search/views.py) are built here from the delivery layer's facet
counts (pages/delivery/facets.py): `facet_group` labels a facet's rows and
`facet_links` turns them into links. Each page says how its own addresses
are written (`url`), since the search page keeps its query first and the
topic page its explicit filters.
"""

from collections.abc import Callable, Iterable

from django.utils.text import capfirst

from pages.delivery.kinds import KIND_MODELS

Url = Callable[[dict[str, str]], str]


def facet_group(
    title: str,
    name: str,
    rows: list[dict],
    chosen: dict[str, str],
    url: Url,
    *,
    plural: bool = False,
    role_names: dict[str, str] | None = None,
) -> dict:
    """facet_links() for facet `name`'s `rows` as facet_counts() returns
    them, each labelled by option_label()."""
    options = [
        (row["slug"], option_label(name, row, plural, role_names), row["count"])
        for row in rows
    ]
    return facet_links(title, name, chosen, options, url)


def option_label(
    name: str,
    row: dict,
    plural: bool = False,
    role_names: dict[str, str] | None = None,
) -> str:
    """What a reader sees for one facet row: a kind's verbose name,
    capitalised (plural when `plural`); a role's name in `role_names`, else
    the row's; a theme's or topic's title; the slug when there is nothing
    else."""
    if name == "kind":
        meta = KIND_MODELS[row["slug"]]._meta
        return capfirst(meta.verbose_name_plural if plural else meta.verbose_name)
    if name == "role" and role_names and row["slug"] in role_names:
        return role_names[row["slug"]]
    return row.get("name") or row.get("title") or row["slug"]


def facet_links(
    title: str,
    name: str,
    chosen: dict[str, str],
    options: Iterable[tuple[str, str, int]],
    url: Url,
) -> dict:
    """Facet `name` with its `options` (value, label, count) as links.

    `chosen` holds the parameters in use; each option's link sets `name`
    to its value keeping the others, in their order, or clears it when it
    is the one chosen; `clear_url` clears it, when it is set.
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
