"""The Swedish relevance set: load it as resources, run its queries, score them.

tests/search/data/search_relevance_sv.json holds 22 short original documents
and 18 queries, each with the documents a staff member would expect in the
top 5. Used by the relevance test (every backend) and by `make bench`.
search_typos_sv.json adds a few documents and misspelt queries on the same
corpus, scored the same way (tests/search/test_typos.py).
"""

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from django.test import Client

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from pages.demo.builder import load_data, remove_wagtail_welcome_page
from pages.models import (
    ArticlePage,
    HomePage,
    LinkPage,
    PodcastEpisodePage,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
    VideoPage,
    WebinarPage,
)
from tests.factories import make_resource

DATA = Path(__file__).resolve().parent / "data" / "search_relevance_sv.json"
TYPOS = DATA.parent / "search_typos_sv.json"
KINDS = {
    "article": ArticlePage,
    "video": VideoPage,
    "webinar": WebinarPage,
    "podcast": PodcastEpisodePage,
    "link": LinkPage,
}
TOP = 5


def load(path: Path = DATA) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def build_site(slug: str = "gr", hostname: str = "localhost") -> dict[str, Page]:
    """A hub site with every theme and topic of the vocabulary; topics by slug."""
    remove_wagtail_welcome_page()
    vocabulary = load_data("vocabulary.json")
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Göteborgsregionen", slug=slug)
    )
    site = Site.objects.create(
        hostname=hostname, root_page=home, site_name=slug, is_default_site=True
    )
    SiteProfile.objects.create(site=site, slug=slug, is_hub=True)
    topics = {}
    for theme_data in vocabulary["themes"]:
        theme = home.add_child(
            instance=ThemeHubPage(title=theme_data["sv"], slug=theme_data["slug"])
        )
        for topic_data in vocabulary["topics"]:
            if topic_data["theme"] == theme_data["slug"]:
                topics[topic_data["slug"]] = theme.add_child(
                    instance=TopicPage(title=topic_data["sv"], slug=topic_data["slug"])
                )
    return topics


def load_documents(topics: dict[str, Page], documents: list[dict]) -> dict[int, str]:
    """Each document as a published resource of its kind; page id → document id."""
    pages = {}
    for number, document in enumerate(documents):
        model = KINDS[document["kind"]]
        fields = {
            "title": document["title"],
            "slug": f"{document['id']}-{number}",
            "summary": document["summary"],
        }
        if model in (VideoPage, WebinarPage, PodcastEpisodePage):
            # What is said in a recording is its transcript.
            fields["transcript"] = document["body"]
        else:
            fields["body"] = [("paragraph", RichText(f"<p>{document['body']}</p>"))]
        if model is LinkPage:
            fields |= {"external_url": "https://example.org/", "publisher": "Brå"}
        page = make_resource(
            model, topics[document["topic"]], roles=document["roles"], **fields
        )
        pages[page.pk] = document["id"]
    return pages


@dataclass
class QueryResult:
    query: str
    relevant: list[str]
    found: list[str]
    tests: str = ""

    @property
    def recall(self) -> float:
        return len(set(self.relevant) & set(self.found[:TOP])) / len(self.relevant)

    @property
    def reciprocal_rank(self) -> float:
        for position, document in enumerate(self.found[:TOP], start=1):
            if document in self.relevant:
                return 1 / position
        return 0.0

    @property
    def misses(self) -> list[str]:
        return [d for d in self.relevant if d not in self.found[:TOP]]


@dataclass
class Scores:
    backend: str
    results: list[QueryResult] = field(default_factory=list)

    @property
    def recall_at_5(self) -> float:
        return statistics.mean(result.recall for result in self.results)

    @property
    def mrr(self) -> float:
        return statistics.mean(result.reciprocal_rank for result in self.results)

    def report(self) -> str:
        lines = [
            f"Relevance on {self.backend}: recall@5 {self.recall_at_5:.3f}, "
            f"MRR {self.mrr:.3f} ({len(self.results)} queries)"
        ]
        for result in self.results:
            if result.misses or result.reciprocal_rank < 1:
                lines.append(
                    f"  {result.query!r}: top {TOP} {result.found[:TOP]}, "
                    f"expected {result.relevant}"
                    + (f", missing {result.misses}" if result.misses else "")
                    + f" ({result.tests})"
                )
        return "\n".join(lines)


def run_queries(
    client: Client,
    pages: dict[int, str],
    queries: list[dict],
    backend: str,
    **params: str,
) -> Scores:
    """Every query through the delivery API, as a consuming site would ask
    (with `params` besides the query, e.g. exact="true")."""
    scores = Scores(backend)
    for query in queries:
        response = client.get(
            "/api/v1/search/",
            {"q": query["q"], "limit": 10, **params},
            HTTP_HOST="localhost",
        )
        assert response.status_code == 200, response.content
        found = [pages[item["id"]] for item in response.json()["items"]]
        scores.results.append(
            QueryResult(query["q"], query["relevant"], found, query.get("tests", ""))
        )
    return scores
