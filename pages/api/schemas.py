"""Response shapes of the delivery API (API.md); they drive openapi.json.

Vocabularies are named enums of the document (vocabulary.py). A resource's
detail is a union discriminated by `kind`, its body blocks a union
discriminated by `type`.
"""

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, RootModel

from .vocabulary import Kind, Locale, RoleSlug, ThemeSlug, TopicSlug

CONTENT_LANGUAGE = (
    "Språket titeln är skriven på: sidans eget, eller sv där "
    "temat eller ämnet ännu inte är översatt."
)


class Shape(BaseModel):
    """A response shape: a plain pydantic model, validated from the dicts
    the views build. ninja's Schema would wrap every nested object to read
    it as a Django model (about 1.2 ms of a 20-item list or search)."""


class Detail(Shape):
    detail: str


class Named(Shape):
    slug: str
    title: str


class ThemeRef(Shape):
    slug: ThemeSlug
    title: str
    locale: Locale = Field(description=CONTENT_LANGUAGE)


class TopicRef(Shape):
    slug: TopicSlug
    title: str
    locale: Locale = Field(description=CONTENT_LANGUAGE)


class RoleRef(Shape):
    slug: RoleSlug
    name: str


class Image(Shape):
    url: str
    width: int
    height: int
    alt: str


class SharedFrom(Shape):
    site: str | None
    id: int


class Translation(Shape):
    locale: Locale
    id: int


class ResourceSummary(Shape):
    id: int
    kind: Kind
    title: str
    slug: str
    summary: str
    url: str
    api_url: str = Field(
        description="Absolut adress till materialet i API:t, med samma site "
        "(och locale, om den angavs) som frågan: att följa den ger samma "
        "webbplats detaljvy."
    )
    locale: Locale
    site: str
    theme: ThemeRef | None
    topic: TopicRef | None
    roles: list[RoleRef]
    image: Image | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime | None
    shared_from: SharedFrom | None
    translations: list[Translation]


class SearchHit(ResourceSummary):
    highlight: str | None = None
    # Recommended by editors for this query ("Rekommenderat"), shown first.
    promoted: bool = False


class RoleFacet(Shape):
    slug: RoleSlug
    name: str
    count: int


class KindFacet(Shape):
    slug: Kind
    count: int


class ThemeFacet(Shape):
    slug: ThemeSlug
    title: str
    locale: Locale = Field(description=CONTENT_LANGUAGE)
    count: int


class TopicFacet(Shape):
    slug: TopicSlug
    title: str
    locale: Locale = Field(description=CONTENT_LANGUAGE)
    count: int


class Facets(Shape):
    role: list[RoleFacet]
    kind: list[KindFacet]
    theme: list[ThemeFacet]
    topic: list[TopicFacet]


# A search considers its MAX_MATCHES (1,000) best matches (search/service.py).
LOWER_BOUND_DOC = (
    "true: sökningen stannade vid 1 000 träffar; count och facetterna gäller "
    "de 1 000 mest relevanta, och fler finns."
)


class ResourceList(Shape):
    count: int
    items: list[ResourceSummary]
    facets: Facets | None = None
    # Only with q (a search through the list's filters).
    count_is_lower_bound: bool | None = Field(None, description=LOWER_BOUND_DOC)


CORRECTED_DOC = (
    "Sökfrågan med stavningen rättad efter orden i webbplatsens publicerade "
    "material, när frågan som den skrevs gav färre än tre träffar och den "
    "rättade gav träffar; de kommer efter frågans egna. null när inget "
    "rättades (alltid med exact=true)."
)
ORIGINAL_DOC = (
    "Sökfrågan som den skrevs, när den rättades (corrected_query), så att "
    "läsaren kan söka på den i stället (exact=true). Annars null."
)


class SearchResults(Shape):
    count: int
    count_is_lower_bound: bool = Field(False, description=LOWER_BOUND_DOC)
    items: list[SearchHit]
    facets: Facets
    corrected_query: str | None = Field(None, description=CORRECTED_DOC)
    original_query: str | None = Field(None, description=ORIGINAL_DOC)


class Caption(Shape):
    language: str
    url: str


class Video(Shape):
    file_url: str | None
    embed_url: str | None
    provider: str | None
    duration_seconds: int | None
    captions: list[Caption]
    transcript: str


class Speaker(Shape):
    name: str
    title: str


class Webinar(Video):
    held_on: datetime.date | None
    speakers: list[Speaker]
    slides_url: str | None


class Podcast(Shape):
    audio_url: str | None
    mime_type: str | None
    duration_seconds: int | None
    transcript: str
    series: Named | None


class Link(Shape):
    external_url: str
    publisher: str
    language: str
    link_checked_at: datetime.datetime | None
    link_ok: bool | None


# --- Body blocks: one shape per block of ResourceStreamBlock, by `type` -------


class HeadingValue(Shape):
    text: str
    level: Literal["h2", "h3"]


class CalloutValue(Shape):
    title: str
    text: str = Field(description="HTML; interna länkar som publika adresser.")


class QuoteValue(Shape):
    quote: str
    attribution: str


class FigureValue(Shape):
    image: Image | None = Field(description="null om bilden inte kan läsas.")
    caption: str


class DocumentValue(Shape):
    title: str
    url: str
    file_extension: str


class BodyBlockBase(Shape):
    id: str | None


class BodyParagraph(BodyBlockBase):
    type: Literal["paragraph"]
    value: str = Field(description="HTML; interna länkar som publika adresser.")


class BodyHeading(BodyBlockBase):
    type: Literal["heading"]
    value: HeadingValue


class BodyCallout(BodyBlockBase):
    type: Literal["callout"]
    value: CalloutValue


class BodyQuote(BodyBlockBase):
    type: Literal["quote"]
    value: QuoteValue


class BodyFigure(BodyBlockBase):
    type: Literal["figure"]
    value: FigureValue


class BodyDocument(BodyBlockBase):
    type: Literal["document"]
    value: DocumentValue


BODY_BLOCKS = (
    BodyParagraph,
    BodyHeading,
    BodyCallout,
    BodyQuote,
    BodyFigure,
    BodyDocument,
)
BodyBlock = Annotated[
    BodyParagraph | BodyHeading | BodyCallout | BodyQuote | BodyFigure | BodyDocument,
    Field(discriminator="type"),
]


# --- The detail: one shape per kind, by `kind` --------------------------------


class ResourceDetailBase(ResourceSummary):
    body: list[BodyBlock]
    related: list[ResourceSummary]


class ArticleDetail(ResourceDetailBase):
    kind: Literal["article"]


class VideoDetail(ResourceDetailBase):
    kind: Literal["video"]
    video: Video


class WebinarDetail(ResourceDetailBase):
    kind: Literal["webinar"]
    webinar: Webinar


class PodcastDetail(ResourceDetailBase):
    kind: Literal["podcast"]
    podcast: Podcast


class LinkDetail(ResourceDetailBase):
    kind: Literal["link"]
    link: Link


KIND_DETAIL_SHAPES = (
    ArticleDetail,
    VideoDetail,
    WebinarDetail,
    PodcastDetail,
    LinkDetail,
)


class ResourceDetail(
    RootModel[
        Annotated[
            ArticleDetail | VideoDetail | WebinarDetail | PodcastDetail | LinkDetail,
            Field(discriminator="kind"),
        ]
    ]
):
    """One resource: the summary's fields, `body` and `related`, and the
    kind's own object under a key named after the kind (`video`, `webinar`,
    `podcast`, `link`; an article has none). Which shape it is, `kind` says."""


# --- Themes, roles, suggestions, sites ----------------------------------------


class TopicItem(Shape):
    slug: TopicSlug
    title: str
    locale: Locale = Field(description=CONTENT_LANGUAGE)
    url: str
    count: int


class ThemeItem(Shape):
    slug: ThemeSlug
    title: str
    locale: Locale = Field(description=CONTENT_LANGUAGE)
    intro: str
    url: str
    topics: list[TopicItem]


class ThemeList(Shape):
    items: list[ThemeItem]


class RoleItem(Shape):
    slug: RoleSlug
    name: str
    description: str
    count: int


class RoleList(Shape):
    items: list[RoleItem]


class Suggestion(Shape):
    title: str
    url: str
    kind: Kind
    id: int


class SuggestionList(Shape):
    items: list[Suggestion]


class SiteItem(Shape):
    slug: str
    name: str
    hostname: str
    is_hub: bool
    locales: list[Locale]


class SiteList(Shape):
    items: list[SiteItem]
