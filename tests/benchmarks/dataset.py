"""The benchmark dataset: the demo's 14 sites plus bulk-generated resources.

`DemoBuilder` makes the sites, their page trees, media and the 64 real
resources through Wagtail's own APIs. The rest (up to `total` resources)
would take far too long through `add_child()` and `save_revision().publish()`,
so `ResourceGenerator` writes the rows directly:

- treebeard paths computed here (`Page.steplen` characters per level, from
  `Page.alphabet`), appended after each topic's existing children; depth,
  url_path and the topic's numchild set to what `add_child` would set;
- base `wagtailcore_page` rows through `Page.objects.bulk_create` (live, with
  the specific model's content type, the topic's locale, publication dates
  and a fresh translation key);
- each kind's own table through the model's insert of its local fields only
  (what `save_base(raw=True)` does, in batches, without the per-row signals);
- role and related-resource links through `bulk_create`.

Published content without revisions: the API and the site serve the page row,
as Wagtail does; editors would see no revision history for these pages.
Afterwards `ContentVersion.bump()` runs once and `check_tree` verifies paths,
depths and child counts of the whole tree.
"""

import datetime
import io
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Locale, Page

from media_library.models import CustomDocument, CustomImage, MediaFile
from pages.demo.builder import DemoBuilder, load_data
from pages.demo.media import THEME_COLOURS, placeholder_image
from pages.models import (
    ALL_STAFF_SLUG,
    RESOURCE_MODELS,
    ArticlePage,
    ContentVersion,
    LinkPage,
    PodcastEpisodePage,
    PodcastSeries,
    ResourcePageRelated,
    ResourcePageRole,
    Role,
    SiteProfile,
    TopicPage,
    VideoPage,
    WebinarPage,
)

# Share of each kind among the generated resources (all five appear).
KIND_WEIGHTS = {
    ArticlePage: 40,
    LinkPage: 20,
    VideoPage: 15,
    PodcastEpisodePage: 15,
    WebinarPage: 10,
}
IMAGE_COUNT = 20
ALL_STAFF_SHARE = 0.10
BATCH_SIZE = 500
# Publication dates spread over the last three years.
PUBLISHED_SPAN = datetime.timedelta(days=3 * 365)

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


def build_demo() -> Counter:
    """The 14 sites exactly as `make run` builds them, with the real resources."""
    return DemoBuilder(port=80).build()


def make_images(count: int = IMAGE_COUNT) -> list[CustomImage]:
    """`count` listing images: JPEG files in MEDIA_ROOT, half of them decorative."""
    themes = list(THEME_COLOURS)
    images = []
    for number in range(count):
        theme = themes[number % len(themes)]
        decorative = number % 2 == 0
        image = CustomImage(
            title=f"Benchmark: listbild {number + 1}",
            file=ImageFile(
                io.BytesIO(placeholder_image(theme, number)),
                name=f"bench-{number + 1:02d}.jpg",
            ),
            is_decorative=decorative,
            alt_text="" if decorative else f"Illustration i temat {theme}, nr {number}",
            credit="Genererad illustration",
            licence="cc0",
        )
        image.save()
        images.append(image)
    return images


def _step(path: str) -> int:
    return Page._str2int(path[-Page.steplen :])


def _child_path(parent_path: str, step: int) -> str:
    key = Page._int2str(step)
    if len(key) > Page.steplen:
        raise OverflowError(f"More than {len(Page.alphabet) ** Page.steplen} children")
    return parent_path + key.rjust(Page.steplen, Page.alphabet[0])


def _body_template(page) -> list[dict]:
    """The page's StreamField data without block ids (new ones are generated)."""
    return [
        {"type": block["type"], "value": block["value"]}
        for block in page.body.get_prep_value()
    ]


class ResourceGenerator:
    """Plans and writes `count` resources spread over every site and topic."""

    def __init__(
        self,
        count: int,
        seed: int = 20260401,
        progress: Progress = _quiet,
        hub_only: bool = False,
    ):
        self.count = count
        # Only GR's site (the side-by-side benchmark, peers/): one site's
        # resources, which the peers load too.
        self.hub_only = hub_only
        self.rng = random.Random(seed)
        self.progress = progress
        self.now = timezone.now()

    # --- Inputs --------------------------------------------------------------

    def _load(self) -> None:
        self.locale = Locale.get_default()
        self.roles = {
            role.slug: role for role in Role.objects.filter(locale=self.locale)
        }
        self.other_roles = [slug for slug in self.roles if slug != ALL_STAFF_SLUG]
        profiles = SiteProfile.objects.filter(slug__isnull=False).select_related(
            "site__root_page"
        )
        self.sites = sorted(profiles, key=lambda p: (not p.is_hub, p.slug))
        if self.hub_only:
            self.sites = [profile for profile in self.sites if profile.is_hub]
        self.topics = {
            profile.slug: list(
                TopicPage.objects.filter(
                    path__startswith=profile.site.root_page.path,
                    locale=self.locale,
                ).order_by("path")
            )
            for profile in self.sites
        }
        self.content_types = ContentType.objects.get_for_models(*RESOURCE_MODELS)
        # Templates: the real demo resources, by kind.
        self.templates = defaultdict(list)
        for model in RESOURCE_MODELS:
            for page in model.objects.filter(locale=self.locale).order_by("pk"):
                self.templates[model].append(page)
        missing = [m.__name__ for m in RESOURCE_MODELS if not self.templates[m]]
        if missing:
            raise RuntimeError(f"The demo has no resources of kind {missing}")
        self.videos = list(MediaFile.objects.filter(media_type="video"))
        self.audios = list(MediaFile.objects.filter(media_type="audio"))
        self.documents = list(CustomDocument.objects.all())
        self.series = list(PodcastSeries.objects.filter(locale=self.locale))
        self.bodies = {
            page.pk: _body_template(page)
            for pages in self.templates.values()
            for page in pages
        }

    # --- Field values ----------------------------------------------------------

    def _dates(self) -> tuple[datetime.datetime, datetime.datetime]:
        first = self.now - self.rng.random() * PUBLISHED_SPAN
        last = first
        if self.rng.random() < 0.3:
            last = first + self.rng.random() * (self.now - first)
        return first, last

    def _roles(self) -> list[Role]:
        count = self.rng.randint(1, 3)
        slugs = []
        if self.rng.random() < ALL_STAFF_SHARE:
            slugs.append(ALL_STAFF_SLUG)
            count = max(0, count - 1)
        slugs += self.rng.sample(self.other_roles, count)
        return [self.roles[slug] for slug in slugs]

    def _video_fields(self, template, serial: int) -> dict:
        transcript = template.transcript or template.summary
        if self.videos and self.rng.random() < 0.5:
            video = self.rng.choice(self.videos)
            return {
                "video_id": video.pk,
                "duration_seconds": video.duration_seconds,
                "transcript": video.transcript or transcript,
            }
        return {
            "external_url": f"https://www.youtube.com/watch?v=bench{serial:06d}",
            "provider_captions_confirmed": True,
            "duration_seconds": self.rng.randint(120, 3600),
            "transcript": transcript,
        }

    def _kind_fields(self, model, template, serial: int) -> dict:
        if model is VideoPage:
            return self._video_fields(template, serial)
        if model is WebinarPage:
            return {
                **self._video_fields(template, serial),
                "held_on": (self.now - self.rng.random() * PUBLISHED_SPAN).date(),
                "speakers": template.speakers.get_prep_value(),
                "slides_id": self.rng.choice(self.documents).pk
                if self.documents and self.rng.random() < 0.5
                else None,
            }
        if model is PodcastEpisodePage:
            fields = {
                "series_id": self.rng.choice(self.series).pk if self.series else None,
                "episode_number": serial,
                "duration_seconds": self.rng.randint(600, 3600),
                "transcript": template.transcript or template.summary,
            }
            if self.audios and self.rng.random() < 0.5:
                fields["audio_id"] = self.rng.choice(self.audios).pk
            else:
                fields["external_audio_url"] = (
                    f"https://example.org/podd/avsnitt-{serial}.mp3"
                )
            return fields
        if model is LinkPage:
            return {
                "external_url": f"{template.external_url.rstrip('/')}/?ref={serial}",
                "publisher": template.publisher,
                "language": template.language,
            }
        return {}

    # --- Plan and write --------------------------------------------------------

    def run(self, images: list[CustomImage]) -> dict:
        self._load()
        kinds = list(KIND_WEIGHTS)
        weights = list(KIND_WEIGHTS.values())
        next_step = {}
        for topics in self.topics.values():
            for topic in topics:
                last = topic.get_last_child()
                next_step[topic.pk] = _step(last.path) + 1 if last else 1
        added = Counter()
        serials = Counter()
        base_rows: list[Page] = []
        children: list[tuple[type, dict]] = []
        role_sets: list[list[Role]] = []
        topic_of: list[TopicPage] = []
        site_of: list[str] = []

        for number in range(self.count):
            profile = self.sites[number % len(self.sites)]
            site_topics = self.topics[profile.slug]
            topic = site_topics[(number // len(self.sites)) % len(site_topics)]
            model = self.rng.choices(kinds, weights)[0]
            template = self.rng.choice(self.templates[model])
            serials[profile.slug] += 1
            serial = serials[profile.slug]
            step = next_step[topic.pk]
            next_step[topic.pk] += 1
            added[topic.pk] += 1
            slug = f"{template.slug[:200]}-{serial}"
            title = f"{template.title[:230]} ({serial})"
            first, last = self._dates()
            base_rows.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=self.content_types[model],
                    path=_child_path(topic.path, step),
                    depth=topic.depth + 1,
                    numchild=0,
                    url_path=f"{topic.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=first,
                    last_published_at=last,
                    latest_revision_created_at=last,
                    locale_id=topic.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
            children.append(
                (
                    model,
                    {
                        "summary": template.summary,
                        "listing_image_id": self.rng.choice(images).pk,
                        "body": self.bodies[template.pk],
                        "content_owner": template.content_owner,
                        "review_by": (last + datetime.timedelta(days=365)).date(),
                        **self._kind_fields(model, template, serial),
                    },
                )
            )
            role_sets.append(self._roles())
            topic_of.append(topic)
            site_of.append(profile.slug)

        with transaction.atomic():
            self.progress(f"  inserting {len(base_rows)} wagtailcore_page rows")
            Page.objects.bulk_create(base_rows, batch_size=BATCH_SIZE)
            by_model = defaultdict(list)
            for page, (model, fields) in zip(base_rows, children, strict=True):
                if page.pk is None:
                    raise RuntimeError("bulk_create did not return primary keys")
                by_model[model].append(model(page_ptr_id=page.pk, **fields))
            for model, objects in by_model.items():
                self.progress(f"  inserting {len(objects)} {model._meta.db_table} rows")
                insert_child_rows(model, objects)
            self.progress("  linking roles and related resources")
            ResourcePageRole.objects.bulk_create(
                [
                    ResourcePageRole(page_id=page.pk, role=role, sort_order=order)
                    for page, roles in zip(base_rows, role_sets, strict=True)
                    for order, role in enumerate(roles)
                ],
                batch_size=BATCH_SIZE,
            )
            ResourcePageRelated.objects.bulk_create(
                self._related(base_rows, site_of), batch_size=BATCH_SIZE
            )
            for topic_pk, count in added.items():
                Page.objects.filter(pk=topic_pk).update(numchild=F("numchild") + count)
        ContentVersion.bump()
        return {
            "resources": len(base_rows),
            "by_kind": {
                model.kind: len(objects) for model, objects in by_model.items()
            },
        }

    def _related(self, pages: list[Page], site_of: list[str]):
        """About half the resources get 1–3 related resources of the same site."""
        by_site = defaultdict(list)
        for page, site in zip(pages, site_of, strict=True):
            by_site[site].append(page.pk)
        links = []
        for page, site in zip(pages, site_of, strict=True):
            if self.rng.random() < 0.5:
                continue
            candidates = by_site[site]
            targets = {
                self.rng.choice(candidates) for _ in range(self.rng.randint(1, 3))
            } - {page.pk}
            links += [
                ResourcePageRelated(page_id=page.pk, target_id=target, sort_order=n)
                for n, target in enumerate(sorted(targets))
            ]
        return links


def insert_child_rows(model, objects: list) -> None:
    """Insert only `model`'s own table rows (the page rows exist already).

    This is what `save_base(raw=True)` does for one object, in batches and
    without the per-row signals; values go through each field's
    get_db_prep_save, so StreamField and dates are stored as a save would.
    """
    fields = [field for field in model._meta.local_concrete_fields if field.column]
    batch = max(1, connection.ops.bulk_batch_size(fields, objects))
    batch = min(batch, BATCH_SIZE)
    for start in range(0, len(objects), batch):
        model._base_manager._insert(
            objects[start : start + batch], fields=fields, using=connection.alias
        )


def check_tree() -> dict:
    """Every page's path, depth and numchild as treebeard would have them."""
    rows = list(Page.objects.values_list("pk", "path", "depth", "numchild"))
    paths = {path for _, path, _, _ in rows}
    children = Counter(path[: -Page.steplen] for _, path, _, _ in rows)
    problems = defaultdict(list)
    for pk, path, depth, numchild in rows:
        if any(char not in Page.alphabet for char in path):
            problems["alphabet"].append(pk)
        if len(path) % Page.steplen or depth != len(path) // Page.steplen:
            problems["depth"].append(pk)
        if depth > 1 and path[: -Page.steplen] not in paths:
            problems["orphan"].append(pk)
        if numchild != children.get(path, 0):
            problems["numchild"].append(pk)
    if len(paths) != len(rows):
        problems["duplicate path"].append(len(rows) - len(paths))
    return dict(problems)


def check_generated_pages() -> dict[str, str]:
    """One generated page of each kind passes full_clean() and the publish rules.

    Returns problems by kind; empty when all is well.
    """
    problems = {}
    for model in RESOURCE_MODELS:
        page = model.objects.filter(latest_revision__isnull=True).order_by("pk").first()
        if page is None:
            problems[model.kind] = "none generated"
            continue
        try:
            page.full_clean()
        except ValidationError as error:
            problems[model.kind] = f"page {page.pk}: {error.message_dict}"
            continue
        errors = page.publish_errors()
        if errors:
            problems[model.kind] = f"page {page.pk} could not be published: {errors}"
    return problems


def resource_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*RESOURCE_MODELS).values())


def resource_count() -> int:
    return Page.objects.filter(content_type__in=resource_types()).count()


def demo_stats() -> dict:
    """Counts used in the report."""
    return {
        "sites": SiteProfile.objects.filter(slug__isnull=False).count(),
        "topics": TopicPage.objects.count(),
        "roles": Role.objects.filter(locale=Locale.get_default()).count(),
        "role_links": ResourcePageRole.objects.count(),
        "related_links": ResourcePageRelated.objects.count(),
        "all_staff_resources": ResourcePageRole.objects.filter(
            role__slug=ALL_STAFF_SLUG
        )
        .values("page_id")
        .distinct()
        .count(),
        "images": CustomImage.objects.count(),
        "demo_sources": len(load_data("gr_resources.json")["resources"])
        + len(load_data("local_resources.json")["resources"]),
    }


# --- Extra member sites (the sharing benchmark) ------------------------------------


def member_slug(number: int) -> str:
    """Generated member sites are m014, m015, … (the demo has 13 members)."""
    return f"m{number:03d}"


def add_member_sites(first: int, last: int) -> list[SiteProfile]:
    """Member sites `first`…`last` with the demo's structure, written in bulk.

    Each gets what `DemoBuilder` gives a member: a live home page, the three
    theme hubs and ten topics of vocabulary.json (with structure.json's
    intros), a Site `m050.localhost` and a SiteProfile `m050`. The rows are
    written as `ResourceGenerator` writes resources: treebeard paths computed
    here, base rows through `bulk_create`, each model's own table through
    `insert_child_rows`; the pages have no revisions. Signals do not run, so
    the site root paths cache is cleared and ContentVersion bumped once.
    """
    from wagtail.models import Site

    from pages.models import HomePage, ThemeHubPage

    if last < first:
        return []
    vocabulary = load_data("vocabulary.json")
    structure = load_data("structure.json")
    locale = Locale.get_default()
    types = ContentType.objects.get_for_models(HomePage, ThemeHubPage, TopicPage)
    root = Page.get_first_root_node()
    last_home = root.get_last_child()
    next_step = _step(last_home.path) + 1 if last_home else 1
    now = timezone.now()
    topics_of = defaultdict(list)
    for topic in vocabulary["topics"]:
        topics_of[topic["theme"]].append(topic)

    rows: list[tuple[type, Page, dict]] = []

    def page(model, parent_path: str, step: int, url_path: str, slug: str, **fields):
        title = fields.pop("title")
        path = _child_path(parent_path, step)
        row = Page(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=types[model],
            path=path,
            depth=len(path) // Page.steplen,
            numchild=fields.pop("numchild", 0),
            url_path=url_path,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            latest_revision_created_at=now,
            locale_id=locale.pk,
            translation_key=uuid.uuid4(),
        )
        rows.append((model, row, fields))
        return row

    homes = []
    for number in range(first, last + 1):
        slug = member_slug(number)
        name = f"Medlemskommun {number:03d}"
        home = page(
            HomePage,
            root.path,
            next_step,
            f"/{slug}/",
            slug,
            title=name,
            numchild=len(vocabulary["themes"]),
            intro=structure["home_intro"]["member"].format(name=name),
        )
        next_step += 1
        homes.append((number, slug, name, home))
        for theme_step, theme in enumerate(vocabulary["themes"], start=1):
            hub = page(
                ThemeHubPage,
                home.path,
                theme_step,
                f"/{slug}/{theme['slug']}/",
                theme["slug"],
                title=theme["sv"],
                numchild=len(topics_of[theme["slug"]]),
                intro=structure["themes"][theme["slug"]],
            )
            for topic_step, topic in enumerate(topics_of[theme["slug"]], start=1):
                page(
                    TopicPage,
                    hub.path,
                    topic_step,
                    f"{hub.url_path}{topic['slug']}/",
                    topic["slug"],
                    title=topic["sv"],
                    intro=structure["topics"][topic["slug"]],
                )

    with transaction.atomic():
        Page.objects.bulk_create([row for _, row, _ in rows], batch_size=BATCH_SIZE)
        by_model = defaultdict(list)
        for model, row, fields in rows:
            if row.pk is None:
                raise RuntimeError("bulk_create did not return primary keys")
            by_model[model].append(model(page_ptr_id=row.pk, **fields))
        for model, objects in by_model.items():
            insert_child_rows(model, objects)
        Page.objects.filter(pk=root.pk).update(numchild=F("numchild") + len(homes))
        sites = Site.objects.bulk_create(
            [
                Site(
                    hostname=f"{slug}.localhost",
                    port=80,
                    site_name=name,
                    root_page_id=home.pk,
                    is_default_site=False,
                )
                for _, slug, name, home in homes
            ],
            batch_size=BATCH_SIZE,
        )
        profiles = SiteProfile.objects.bulk_create(
            [
                SiteProfile(site_id=site.pk, slug=slug, is_hub=False)
                for site, (_, slug, _, _) in zip(sites, homes, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
    Site.clear_site_root_paths_cache()
    ContentVersion.bump()
    return profiles
