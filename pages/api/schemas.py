"""Response shapes of the delivery API (API.md); they drive openapi.json."""

import datetime

from ninja import Field, Schema


class Detail(Schema):
    detail: str


class Named(Schema):
    slug: str
    title: str


class Place(Schema):
    """A theme or topic."""

    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )


class RoleRef(Schema):
    slug: str
    name: str


class Image(Schema):
    url: str
    width: int
    height: int
    alt: str


class SharedFrom(Schema):
    site: str | None
    id: int


class Translation(Schema):
    locale: str
    id: int


class ResourceSummary(Schema):
    id: int
    kind: str
    title: str
    slug: str
    summary: str
    url: str
    api_url: str
    locale: str
    site: str
    theme: Place | None
    topic: Place | None
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


class RoleFacet(Schema):
    slug: str
    name: str
    count: int


class KindFacet(Schema):
    slug: str
    count: int


class NamedFacet(Schema):
    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )
    count: int


class Facets(Schema):
    role: list[RoleFacet]
    kind: list[KindFacet]
    theme: list[NamedFacet]
    topic: list[NamedFacet]


class ResourceList(Schema):
    count: int
    items: list[ResourceSummary]
    facets: Facets | None = None


class SearchResults(Schema):
    count: int
    items: list[SearchHit]
    facets: Facets


class Caption(Schema):
    language: str
    url: str


class Video(Schema):
    file_url: str | None
    embed_url: str | None
    provider: str | None
    duration_seconds: int | None
    captions: list[Caption]
    transcript: str


class Speaker(Schema):
    name: str
    title: str


class Webinar(Video):
    held_on: datetime.date | None
    speakers: list[Speaker]
    slides_url: str | None


class Podcast(Schema):
    audio_url: str | None
    mime_type: str | None
    duration_seconds: int | None
    transcript: str
    series: Named | None


class Link(Schema):
    external_url: str
    publisher: str
    language: str
    link_checked_at: datetime.datetime | None
    link_ok: bool | None


class BodyBlock(Schema):
    type: str
    value: object
    id: str | None


class ResourceDetail(ResourceSummary):
    body: list[BodyBlock]
    video: Video | None = None
    webinar: Webinar | None = None
    podcast: Podcast | None = None
    link: Link | None = None
    related: list[ResourceSummary]


class TopicItem(Schema):
    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )
    url: str
    count: int


class ThemeItem(Schema):
    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )
    intro: str
    url: str
    topics: list[TopicItem]


class ThemeList(Schema):
    items: list[ThemeItem]


class RoleItem(Schema):
    slug: str
    name: str
    description: str
    count: int


class RoleList(Schema):
    items: list[RoleItem]


class Suggestion(Schema):
    title: str
    url: str
    kind: str
    id: int


class SuggestionList(Schema):
    items: list[Suggestion]


class SiteItem(Schema):
    slug: str
    name: str
    hostname: str
    is_hub: bool
    locales: list[str]


class SiteList(Schema):
    items: list[SiteItem]
