"""Response shapes of the delivery API (API.md); they drive openapi.json."""

import datetime

from pydantic import BaseModel, Field


class Shape(BaseModel):
    """A response shape: a plain pydantic model, validated from the dicts
    the views build. ninja's Schema would wrap every nested object to read
    it as a Django model (about 1.2 ms of a 20-item list or search)."""


class Detail(Shape):
    detail: str


class Named(Shape):
    slug: str
    title: str


class Place(Shape):
    """A theme or topic."""

    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )


class RoleRef(Shape):
    slug: str
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
    locale: str
    id: int


class ResourceSummary(Shape):
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


class RoleFacet(Shape):
    slug: str
    name: str
    count: int


class KindFacet(Shape):
    slug: str
    count: int


class NamedFacet(Shape):
    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )
    count: int


class Facets(Shape):
    role: list[RoleFacet]
    kind: list[KindFacet]
    theme: list[NamedFacet]
    topic: list[NamedFacet]


class ResourceList(Shape):
    count: int
    items: list[ResourceSummary]
    facets: Facets | None = None


class SearchResults(Shape):
    count: int
    items: list[SearchHit]
    facets: Facets


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


class BodyBlock(Shape):
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


class TopicItem(Shape):
    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )
    url: str
    count: int


class ThemeItem(Shape):
    slug: str
    title: str
    locale: str = Field(
        description="Språket titeln är skriven på: sidans eget, eller sv där "
        "temat eller ämnet ännu inte är översatt."
    )
    intro: str
    url: str
    topics: list[TopicItem]


class ThemeList(Shape):
    items: list[ThemeItem]


class RoleItem(Shape):
    slug: str
    name: str
    description: str
    count: int


class RoleList(Shape):
    items: list[RoleItem]


class Suggestion(Shape):
    title: str
    url: str
    kind: str
    id: int


class SuggestionList(Shape):
    items: list[Suggestion]


class SiteItem(Shape):
    slug: str
    name: str
    hostname: str
    is_hub: bool
    locales: list[str]


class SiteList(Shape):
    items: list[SiteItem]
