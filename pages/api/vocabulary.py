"""The vocabularies of openapi.json: kind, order, locale, and the theme,
topic and role slugs, as named enums (components of the document).

A field of a response shape (schemas.py) or a query parameter (views.py)
is typed with one of the annotated strings below: at run time it stays a
plain string, so a value is checked where it always was (ResourceFilters,
with its Swedish 400s) and an answer is never refused for one; in the
document it is the enum. Kind, order and locale are the code's own, closed.
Theme, topic and role slugs come from the project's copy of the canonical
vocabulary (pages/demo/data/vocabulary.json), so the document is the same in
every installation and needs no query; editors can add a role or a topic in
the admin, so an answer's slug is "the enum, or any other string": a client
generated today still reads an answer that carries a role added tomorrow.
"""

from typing import Annotated

from pydantic import WithJsonSchema

from pages.delivery.context import LOCALES
from pages.delivery.filters import ORDERINGS
from pages.delivery.kinds import KIND_MODELS
from pages.demo.content import load_data

# The project's copy of the canonical vocabulary (ARCHITECTURE.md).
VOCABULARY = load_data("vocabulary.json")
EXTENSIBLE = (
    " Redaktörer kan lägga till fler i administrationen: ett svar kan ha en slug "
    "som inte finns här (se /api/v1/roles/ och /api/v1/themes/)."
)


def _enum(values, description: str) -> dict:
    return {"type": "string", "enum": list(values), "description": description}


# Named enums of openapi.json, by component name.
VOCABULARY_SCHEMAS = {
    "Kind": _enum(KIND_MODELS, "Materialets typ."),
    "Order": _enum(
        [*ORDERINGS, "relevance"], "Sortering; relevance kräver en sökfråga (q)."
    ),
    "Locale": _enum(LOCALES, "Språk."),
    "ThemeSlug": _enum(
        [theme["slug"] for theme in VOCABULARY["themes"]],
        "Temats slug, ur den gemensamma vokabulären." + EXTENSIBLE,
    ),
    "TopicSlug": _enum(
        [topic["slug"] for topic in VOCABULARY["topics"]],
        "Ämnets slug, ur den gemensamma vokabulären." + EXTENSIBLE,
    ),
    "RoleSlug": _enum(
        [role["slug"] for role in VOCABULARY["roles"]],
        "Rollens slug, ur den gemensamma vokabulären." + EXTENSIBLE,
    ),
}


def vocabulary(name: str, extensible: bool = False) -> WithJsonSchema:
    """A string documented as the named enum; `extensible`: or any other
    string, for vocabularies editors extend (a client generated today must
    still read an answer that carries a role added tomorrow). A marker here
    (pydantic keeps its own $refs), made a $ref by link_vocabularies()."""
    VOCABULARY_SCHEMAS[name]  # a KeyError for a name the document lacks
    return WithJsonSchema({VOCABULARY_MARK: name, EXTENSIBLE_MARK: extensible})


VOCABULARY_MARK, EXTENSIBLE_MARK = "x-vocabulary", "x-extensible"


def link_vocabularies(node):
    """The document with every vocabulary marker replaced by its enum's
    $ref (or, if extensible, the $ref or any string); the enums added."""
    if isinstance(node, list):
        return [link_vocabularies(item) for item in node]
    if not isinstance(node, dict):
        return node
    if VOCABULARY_MARK in node:
        ref = {"$ref": f"#/components/schemas/{node[VOCABULARY_MARK]}"}
        return {"anyOf": [ref, {"type": "string"}]} if node[EXTENSIBLE_MARK] else ref
    linked = {key: link_vocabularies(value) for key, value in node.items()}
    if "components" in linked:
        linked["components"].setdefault("schemas", {}).update(VOCABULARY_SCHEMAS)
    return linked


Kind = Annotated[str, vocabulary("Kind")]
Order = Annotated[str, vocabulary("Order")]
Locale = Annotated[str, vocabulary("Locale")]
ThemeSlug = Annotated[str, vocabulary("ThemeSlug", extensible=True)]
TopicSlug = Annotated[str, vocabulary("TopicSlug", extensible=True)]
RoleSlug = Annotated[str, vocabulary("RoleSlug", extensible=True)]
