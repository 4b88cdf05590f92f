"""Hypothesis strategies for the query parameters of /api/v1/ (see test_fuzz.py).

Three families:
- `hostile_query(endpoint)`: anything a client could send (unicode, NUL, control
  characters, empty values, huge and negative numbers, comma lists that mix valid
  and invalid slugs, dates in many formats, booleans as strings, repeated and
  unknown parameters, broken percent-encoding);
- `valid_query(endpoint)`: parameters API.md says must be accepted (200);
- `invalid_parameter(endpoint)`: one parameter API.md says must be refused (400).

Everything valid (site, role, theme and topic slugs, resource ids and paths)
comes from a `Vocabulary` read from the seeded database.
"""

import datetime
import email.utils
from dataclasses import dataclass
from urllib.parse import quote

from hypothesis import strategies as st

KINDS = ("article", "video", "webinar", "podcast", "link")
ORDERS = ("-published", "published", "title", "-title")
LOCALES = ("sv", "en")
TRUE_WORDS = ("true", "True", "TRUE", "1", "yes", "on", "t", "y")
FALSE_WORDS = ("false", "False", "FALSE", "0", "no", "off", "f", "n")
NOT_BOOLEANS = ("maybe", "2", "-1", "truee", "ja", "nej", "sant", "null", "none")

# Where each endpoint lives and which parameters API.md gives it.
COMMON = ("site", "locale")
LIST_FILTERS = (
    "role",
    "role_strict",
    "theme",
    "topic",
    "kind",
    "q",
    "updated_since",
    "order",
    "limit",
    "offset",
)
# The parameters that may be given more than once (a list, OR'ed).
LIST_PARAMETERS = ("role", "theme", "topic", "kind")
ENDPOINTS = {
    "resources": ("/api/v1/resources/", (*COMMON, *LIST_FILTERS, "facets")),
    "resource": ("/api/v1/resources/{id}/", COMMON),
    "by-path": ("/api/v1/resources/by-path/", ("site", "path")),
    "themes": ("/api/v1/themes/", COMMON),
    "roles": ("/api/v1/roles/", COMMON),
    "search": ("/api/v1/search/", (*COMMON, *LIST_FILTERS)),
    "autocomplete": ("/api/v1/search/autocomplete/", (*COMMON, "q")),
    "sites": ("/api/v1/sites/", ()),
}


@dataclass(frozen=True, repr=False)
class Vocabulary:
    """Valid values in the seeded database."""

    sites: tuple[str, ...]
    default_site: str
    roles: tuple[str, ...]
    themes: tuple[str, ...]
    topics: tuple[str, ...]
    words: tuple[str, ...]
    # (site slug, resource id, path of its public URL) of every published resource
    resources: tuple[tuple[str, int, str], ...]
    # Ids of every page, resources or not, visible or not
    page_ids: tuple[int, ...]

    def __repr__(self) -> str:  # short: it appears in failure reports
        return f"<Vocabulary: {len(self.sites)} sites, {len(self.resources)} resources>"

    def _repr_pretty_(self, printer, cycle) -> None:  # Hypothesis' reports
        printer.text(repr(self))


@dataclass(frozen=True)
class Request:
    """One GET: the path and the query as (name, value) pairs, repeats allowed."""

    path: str
    query: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return f"Request({self.path!r}, {self.query!r})"

    def _repr_pretty_(self, printer, cycle) -> None:  # Hypothesis' reports
        printer.text(repr(self))


# --- Building blocks ----------------------------------------------------------

# Text as a client could send it in a URL: any code point UTF-8 can encode,
# which includes NUL, control characters, combining marks and astral planes.
any_text = st.text(st.characters(codec="utf-8"), max_size=30)
TRICKY_STRINGS = (
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\x1f",
    "%",
    "%00",
    "%ZZ",
    "'",
    '"',
    '"unterminated',
    "\\",
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    "*",
    "?",
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "NEAR(a b)",
    "a:b",
    "^",
    "-",
    "+",
    "~",
    "&",
    "|",
    "!",
    "<script>alert(1)</script>",
    "{}",
    "[]",
    "null",
    "None",
    "undefined",
    "NaN",
    "-Infinity",
    "1e309",
    "ÅÄÖ",
    "brottsförebyggande",
    "İ",
    "ß",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\u3000",
    "😀",
    "𝕋𝕣𝕪𝕘𝕘",
    "a" * 300,
    "ö" * 200,
    "../..",
    "/",
    "//",
    "\n",
    "\r\n",
)
tricky_text = st.sampled_from(TRICKY_STRINGS)
# Characters with a meaning to SQL, LIKE, full-text query syntaxes, URLs or JSON.
specials = st.text(
    st.sampled_from(list("\"'`*()^:-+~&|!<>{}[]\\%_@#$=?/,;. \t\n\x00\u00a0")),
    min_size=1,
    max_size=6,
)
text = st.one_of(
    tricky_text,
    any_text,
    specials,
    st.builds(lambda a, b: a + b, tricky_text, any_text),
    st.builds(lambda a, b: a + b, any_text, tricky_text),
)
slug_like = st.from_regex(r"[a-z0-9][a-z0-9-]{0,24}", fullmatch=True)


def either(valid: st.SearchStrategy, invalid: st.SearchStrategy, valid_in_10: int):
    """`valid` about valid_in_10 times out of ten, else `invalid`."""
    return st.integers(0, 9).flatmap(lambda n: valid if n < valid_in_10 else invalid)


def mangled(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Valid values, and near misses built from them."""
    value = st.sampled_from(values)
    return st.one_of(
        value,
        value.map(str.upper),
        value.map(lambda v: f" {v} "),
        value.map(lambda v: v + "x"),
        value.map(lambda v: v[:-1]),
        value.map(lambda v: v.replace("-", "_")),
        value.map(lambda v: v + "\x00"),
        slug_like,
        text,
    )


def comma_list(item: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Comma lists, with empty items and other separators among them."""
    items = st.one_of(item, item, item, st.sampled_from(["", " ", ",", ";"]))
    return st.one_of(
        st.lists(items, max_size=6).map(",".join),
        st.lists(items, min_size=1, max_size=4).map(", ".join),
        st.lists(items, min_size=2, max_size=4).map(";".join),
        st.lists(items, min_size=2, max_size=4).map(" ".join),
    )


BOUNDARY_INTEGERS = (
    0,
    1,
    2,
    20,
    99,
    100,
    101,
    -1,
    -100,
    999_999,
    1_000_000,
    1_000_001,
    2**31 - 1,
    2**31,
    2**32,
    2**53 + 1,
    2**63 - 1,
    2**63,
    2**64,
    -(2**63),
    -(2**63) - 1,
    10**20,
    10**100,
)
integers = st.one_of(
    st.sampled_from(BOUNDARY_INTEGERS),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
)
numbers = st.one_of(
    integers.map(str),
    integers.map(str),
    st.floats().map(repr),
    st.sampled_from(
        [
            "1.0",
            "1.5",
            "1e2",
            "1E400",
            "0x10",
            "0o7",
            "0b1",
            "1_0",
            " 5",
            "5 ",
            "+5",
            "--1",
            "−1",
            "٣",
            "１０",
            "½",
            "5,6",
            "inf",
            "-inf",
            "nan",
            "true",
            "[]",
        ]
    ),
    text,
)
booleans = st.one_of(
    st.sampled_from(TRUE_WORDS + FALSE_WORDS + NOT_BOOLEANS + ("", " true")),
    text,
)

# --- Dates in many formats ----------------------------------------------------

offsets = st.timedeltas(
    min_value=-datetime.timedelta(hours=23, minutes=59),
    max_value=datetime.timedelta(hours=23, minutes=59),
)
zones = st.one_of(
    st.none(),
    st.just(datetime.UTC),
    offsets.map(datetime.timezone),
    # whole minutes, as most clients write offsets
    offsets.map(
        lambda o: datetime.timezone(
            datetime.timedelta(minutes=int(o.total_seconds() / 60))
        )
    ),
)
moments = st.datetimes(
    min_value=datetime.datetime(1, 1, 1),
    max_value=datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
    timezones=zones,
)
DATE_FORMATS = (
    lambda d: d.isoformat(),
    lambda d: d.isoformat(sep=" "),
    lambda d: d.isoformat(timespec="minutes"),
    lambda d: d.isoformat(timespec="hours"),
    lambda d: d.isoformat().replace("+00:00", "Z"),
    lambda d: d.date().isoformat(),
    lambda d: d.strftime("%Y%m%d"),
    lambda d: d.strftime("%Y%m%dT%H%M%S"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%S%z"),
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: d.strftime("%m/%d/%Y %H:%M"),
    lambda d: d.strftime("%d.%m.%Y"),
    lambda d: d.strftime("%Y-%j"),
    lambda d: d.strftime("%G-W%V-%u"),
    lambda d: d.strftime("%d %B %Y"),
    lambda d: email.utils.format_datetime(d),
    lambda d: str(d.toordinal() * 86400 - 62135683200),
)
formatted_moments = st.builds(
    lambda fmt, moment: fmt(moment), st.sampled_from(DATE_FORMATS), moments
)
# Well formed, but not a date: month 13, February 30, hour 25, offset +99:00...
impossible_moments = st.builds(
    "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}".format,
    st.integers(0, 10000),
    st.integers(0, 19),
    st.integers(0, 39),
    st.integers(0, 29),
    st.integers(0, 69),
    st.integers(0, 69),
    st.sampled_from(
        ["", "Z", "+00:00", "+01:00", "-05:00", "+14:00", "-23:59", "+24:00", "-99:99"]
    ),
)
impossible_days = st.builds(
    "{:04d}-{:02d}-{:02d}".format,
    st.integers(0, 10000),
    st.integers(0, 19),
    st.integers(0, 39),
)
EDGE_TIMESTAMPS = (
    "0001-01-01",
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:30:00+23:59",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59.999999-05:00",
    "9999-12-31T23:59:59-23:59",
    "2026-01-01T00:00:00-23:59",
    "2026-01-01T00:00:00+23:59",
    "2026-02-29",
    "2026-02-30",
    "2026-13-01T00:00:00",
    "2026-01-01T25:00:00",
    "2026-01-01T12:00:00.123456789Z",
    "2026-01-01T12:00:00,5Z",
    "2026-W01",
    "2026-001",
    "+002026-01-01",
    "20260101",
    "now",
    "yesterday",
)
timestamps = st.one_of(
    formatted_moments,
    formatted_moments,
    impossible_moments,
    impossible_days,
    st.sampled_from(EDGE_TIMESTAMPS),
    text,
)

# --- Hostile queries ------------------------------------------------------------


def hostile_values(vocabulary: Vocabulary) -> dict[str, st.SearchStrategy[str]]:
    roles = mangled(vocabulary.roles)
    return {
        "site": mangled(vocabulary.sites),
        "locale": mangled(LOCALES),
        "role": st.one_of(comma_list(roles), roles),
        "role_strict": booleans,
        "theme": mangled(vocabulary.themes),
        "topic": mangled(vocabulary.topics),
        "kind": st.one_of(comma_list(mangled(KINDS)), mangled(KINDS)),
        "q": search_text(vocabulary),
        "updated_since": timestamps,
        "order": mangled((*ORDERS, "relevance")),
        "limit": numbers,
        "offset": numbers,
        "facets": booleans,
        "path": paths(vocabulary),
    }


# Operators and quoting of the full-text syntaxes of the search backends
# (SQLite FTS5, PostgreSQL tsquery, Elasticsearch query strings).
QUERY_SYNTAX = (
    '"',
    "'",
    '""',
    "*",
    "(",
    ")",
    ":",
    "^",
    "-",
    "+",
    "!",
    "&",
    "|",
    "<->",
    "~",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "/",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(",
    "title:",
)


def search_text(vocabulary: Vocabulary) -> st.SearchStrategy[str]:
    """Real words mixed with query-syntax characters and arbitrary text."""
    word = st.sampled_from(vocabulary.words)
    syntax = st.sampled_from(QUERY_SYNTAX)
    piece = st.one_of(word, word.map(str.upper), syntax, syntax, specials, text)
    return st.one_of(
        word,
        syntax,
        st.builds(lambda a, b: a + b, syntax, word),
        st.builds(lambda a, b: a + b, word, syntax),
        st.lists(piece, min_size=1, max_size=5).map(" ".join),
        st.lists(piece, min_size=1, max_size=5).map("".join),
        text,
    )


def paths(vocabulary: Vocabulary) -> st.SearchStrategy[str]:
    path = st.sampled_from([resource[2] for resource in vocabulary.resources])
    return st.one_of(
        path,
        path.map(lambda p: p.rstrip("/")),
        path.map(str.upper),
        path.map(lambda p: p.replace("/sv/", "/en/", 1)),
        path.map(lambda p: "/" + p),
        path.map(lambda p: p.replace("/", "//")),
        path.map(lambda p: p + "../../"),
        path.map(lambda p: quote(p, safe="")),
        path.map(lambda p: "https://localhost" + p),
        st.builds(lambda t: f"/sv/{t}/", text),
        st.sampled_from(["", "/", "/sv/", "/en/", "/sv", "sv", "/de/x/", "/sv/../"]),
        text,
    )


def resource_segments(vocabulary: Vocabulary) -> st.SearchStrategy[str]:
    """The {id} part of /resources/{id}/: real ids, other pages, huge, junk."""
    return st.one_of(
        st.sampled_from([resource[1] for resource in vocabulary.resources]).map(str),
        st.sampled_from(vocabulary.page_ids).map(str),
        integers.map(str),
        st.sampled_from(["0", "00", "0001", "1.0", "1e3", "abc", "-0", "１"]),
        text.filter(lambda t: "/" not in t and "?" not in t and "#" not in t),
    )


def endpoint_path(endpoint: str, vocabulary: Vocabulary) -> st.SearchStrategy[str]:
    template = ENDPOINTS[endpoint][0]
    if "{id}" not in template:
        return st.just(template)
    return resource_segments(vocabulary).map(
        lambda segment: template.replace("{id}", quote(segment, safe=""))
    )


JUNK_NAMES = (
    "",
    "x",
    "LIMIT",
    "Site",
    "limit[]",
    "q[]",
    "site ",
    "\x00",
    "utm_source",
    "format",
    "callback",
    "page",
)


def hostile_query(endpoint: str, vocabulary: Vocabulary) -> st.SearchStrategy[Request]:
    values = hostile_values(vocabulary)
    names = ENDPOINTS[endpoint][1]
    known = (
        st.sampled_from(names).flatmap(
            lambda name: values[name].map(lambda value: (name, value))
        )
        if names
        else st.nothing()
    )
    unknown = st.tuples(st.one_of(st.sampled_from(JUNK_NAMES), text), text)
    pairs = st.lists(st.one_of(known, known, known, unknown), max_size=8)
    return st.builds(
        lambda path, query: Request(path, tuple(query)),
        endpoint_path(endpoint, vocabulary),
        pairs,
    )


@st.composite
def hostile_parameter(draw, endpoint: str, name: str, vocabulary: Vocabulary):
    """A valid query, then `name` set to hostile values (once or repeated).

    Validation stops at the first bad parameter, so a query full of junk never
    reaches the search backend or the database filters; this one does.
    """
    base = draw(valid_query(endpoint, vocabulary))
    path = base.path
    if name == "id":
        path = draw(endpoint_path(endpoint, vocabulary))
        return Request(path, base.query)
    # Only a list parameter may repeat; any other given twice is a 400 before
    # its value is read, which would keep the value from the code under test.
    repeats = 3 if name in LIST_PARAMETERS else 1
    values = st.lists(hostile_values(vocabulary)[name], min_size=1, max_size=repeats)
    hostile = [(name, value) for value in draw(values)]
    query = [pair for pair in base.query if pair[0] != name]
    if name == "q" and endpoint not in ("search", "autocomplete"):
        # Without this, order=relevance would be a 400 before q is looked at.
        query = [pair for pair in query if pair != ("order", "relevance")]
    if draw(st.booleans()):
        query += hostile
    else:
        query = hostile + query
    return Request(path, tuple(query))


def hostile_cases() -> list[tuple[str, str]]:
    """(endpoint, parameter) pairs for hostile_parameter; "id" is the path part."""
    cases = []
    for endpoint, (template, names) in ENDPOINTS.items():
        if "{id}" in template:
            cases.append((endpoint, "id"))
        cases += [(endpoint, name) for name in names]
    return cases


# --- Valid queries --------------------------------------------------------------


def valid_iso_timestamps() -> st.SearchStrategy[str]:
    recent = st.datetimes(
        min_value=datetime.datetime(2000, 1, 1),
        max_value=datetime.datetime(2100, 1, 1),
        timezones=st.one_of(st.none(), st.just(datetime.UTC)),
    )
    return st.one_of(
        recent.map(lambda d: d.isoformat()),
        recent.map(lambda d: d.isoformat().replace("+00:00", "Z")),
        recent.map(lambda d: d.date().isoformat()),
    )


@st.composite
def valid_query(draw, endpoint: str, vocabulary: Vocabulary) -> Request:
    """Parameters that API.md says must be answered with 200."""
    template, names = ENDPOINTS[endpoint]
    query: list[tuple[str, str]] = []

    def maybe(name: str, strategy: st.SearchStrategy[str]) -> None:
        if name in names and draw(st.booleans()):
            query.append((name, draw(strategy)))

    if endpoint in ("resource", "by-path"):
        # One resource, asked for on its own site (named, or the default one).
        site, resource_id, path = draw(st.sampled_from(vocabulary.resources))
        if site != vocabulary.default_site or draw(st.booleans()):
            query.append(("site", site))
        if endpoint == "resource":
            template = template.replace("{id}", str(resource_id))
        else:
            query.append(("path", path))
        # Asked for in its own language, if in one.
        maybe("locale", st.just(path.split("/")[1]))
    else:
        maybe("site", st.sampled_from(vocabulary.sites))
        # Lists stay Swedish: the members' English sites hold only the topics
        # GR has shared English material in, so a topic may be unknown there.
        maybe("locale", st.just("sv"))
    roles = st.lists(st.sampled_from(vocabulary.roles), min_size=1, max_size=3)
    maybe("role", roles.map(",".join))
    maybe("role_strict", st.sampled_from(TRUE_WORDS + FALSE_WORDS))
    maybe("theme", st.sampled_from(vocabulary.themes))
    maybe("topic", st.sampled_from(vocabulary.topics))
    kinds = st.lists(st.sampled_from(KINDS), min_size=1, max_size=3)
    maybe("kind", kinds.map(",".join))
    maybe("updated_since", valid_iso_timestamps())
    maybe("limit", st.integers(1, 100).map(str))
    maybe("offset", st.integers(0, 70).map(str))
    maybe("facets", st.sampled_from(TRUE_WORDS + FALSE_WORDS))
    words = st.lists(st.sampled_from(vocabulary.words), min_size=1, max_size=3)
    if endpoint in ("search", "autocomplete"):
        query.append(("q", draw(words.map(" ".join))))
    else:
        maybe("q", words.map(" ".join))
    has_q = any(name == "q" for name, _ in query)
    maybe("order", st.sampled_from((*ORDERS, "relevance") if has_q else ORDERS))
    return Request(template, tuple(draw(st.permutations(query))))


# --- Invalid parameters ---------------------------------------------------------


def invalid_values(vocabulary: Vocabulary) -> dict[str, st.SearchStrategy[str]]:
    """For each parameter, values API.md says are a 400 (never valid by accident)."""
    return {
        "site": slug_like.filter(lambda s: s not in vocabulary.sites),
        "locale": st.one_of(
            st.sampled_from(["SV", "sv-SE", "de", "xx", "svenska", "e n"]),
            slug_like.filter(lambda s: s not in LOCALES),
        ),
        "role": st.builds(
            lambda valid, wrong, first: (
                f"{wrong},{valid}" if first else f"{valid},{wrong}"
            ),
            st.sampled_from(vocabulary.roles),
            slug_like.filter(lambda s: s not in vocabulary.roles),
            st.booleans(),
        ),
        "kind": st.builds(
            lambda valid, wrong: f"{valid},{wrong}",
            st.sampled_from(KINDS),
            st.one_of(slug_like, st.sampled_from([k.upper() for k in KINDS])).filter(
                lambda s: s not in KINDS
            ),
        ),
        "limit": st.one_of(
            st.integers(max_value=0).map(str),
            st.integers(min_value=101).map(str),
            st.sampled_from(["ten", "1.5", "1e", "∞", "0x"]),
        ),
        "offset": st.one_of(
            st.integers(max_value=-1).map(str),
            st.sampled_from(["one", "1.5", "-0.5", "x1", "∞"]),
        ),
        "updated_since": st.one_of(
            st.sampled_from(["yesterday", "now", "soon", "2026-13-01", "2026-02-30"]),
            st.builds(
                "{:04d}-{:02d}-{:02d}".format,
                st.integers(1, 9999),
                st.integers(13, 99),
                st.integers(1, 28),
            ),
            st.builds(
                "{:04d}-{:02d}-{:02d}T12:00:00Z".format,
                st.integers(1, 9999),
                st.integers(1, 12),
                st.integers(32, 99),
            ),
            st.from_regex(r"[a-zåäö ]{1,20}", fullmatch=True),
        ),
        "order": st.one_of(
            st.sampled_from(["random", "Title", "+title", "--published", "date"]),
            slug_like.filter(lambda s: s not in (*ORDERS, "relevance")),
        ),
        "role_strict": st.sampled_from(NOT_BOOLEANS),
        "facets": st.sampled_from(NOT_BOOLEANS),
        "q": st.sampled_from(["", " ", "  \t ", "\n", "\u3000", "\u2003 "]),
    }


REQUIRED_Q = ("search", "autocomplete")


@st.composite
def invalid_parameter(draw, endpoint: str, vocabulary: Vocabulary) -> Request:
    """A valid query with one parameter made invalid (q only where it is required)."""
    base = draw(valid_query(endpoint, vocabulary))
    names = [
        name
        for name in ENDPOINTS[endpoint][1]
        if name not in ("path", "theme", "topic")
        and (name != "q" or endpoint in REQUIRED_Q)
    ]
    name = draw(st.sampled_from(names))
    value = draw(invalid_values(vocabulary)[name])
    query = [pair for pair in base.query if pair[0] != name]
    query.append((name, value))
    return Request(base.path, tuple(draw(st.permutations(query))))
