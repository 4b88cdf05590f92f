#!/usr/bin/env python
"""This project's side of the side-by-side benchmark: build its database and
write the records every peer loads.

Run by project.py in a process of its own (the benchmark settings, the
database in BENCH_DATABASE_URL, dropped and rebuilt): the 14 demo sites as
`make run` builds them, then generated resources on GR's site only, up to
PEERS_RESOURCES in GR's Swedish tree, the search index and, on PostgreSQL,
ANALYZE. GR's Swedish resources are then written to var/peers/records.json
as `Record`s: what Plone and Directus load is what this project serves.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def plain_text(value) -> list[str]:
    """The words of a StreamField's raw data: strings, tags stripped."""
    from django.utils.html import strip_tags

    if isinstance(value, str):
        text = strip_tags(value).strip()
        return [text] if text and not text.startswith(("http", "/")) else []
    if isinstance(value, dict):
        return [t for key, v in value.items() if key != "id" for t in plain_text(v)]
    if isinstance(value, list):
        return [t for item in value for t in plain_text(item)]
    return []


def gr_resources():
    """GR's live Swedish resources, each with its kind, as the API lists them."""
    from wagtail.models import Locale

    from pages.models import RESOURCE_MODELS, SiteProfile

    hub = SiteProfile.objects.select_related("site__root_page").get(is_hub=True)
    root = hub.site.root_page
    sv = Locale.objects.get(language_code="sv")
    return root, [
        page
        for model in RESOURCE_MODELS
        for page in model.objects.live()
        .filter(path__startswith=root.path, locale=sv)
        .prefetch_related("role_links__role")
    ]


def records() -> list:
    from wagtail.models import Page

    from tests.benchmarks.peers.common import Record

    root, pages = gr_resources()
    slugs = dict(
        Page.objects.filter(path__startswith=root.path, depth__in=(3, 4)).values_list(
            "path", "slug"
        )
    )
    found = []
    for page in sorted(pages, key=lambda p: p.pk):
        topic_path = page.path[: -Page.steplen]
        theme_path = topic_path[: -Page.steplen]
        found.append(
            Record(
                uid=str(page.pk),
                title=page.title,
                summary=page.summary,
                body="\n\n".join(plain_text(page.body.raw_data)),
                roles=tuple(link.role.slug for link in page.role_links.all()),
                theme=slugs[theme_path],
                topic=slugs[topic_path],
                kind=page.kind,
                published=page.first_published_at.isoformat(),
            )
        )
    return found


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tests.benchmarks import api, dataset
    from tests.benchmarks.peers.common import say, write_records

    total = int(os.environ.get("PEERS_RESOURCES", "5000"))
    api.reset_database()
    say("project: migrating and building the 14 demo sites …")
    call_command("migrate", interactive=False, verbosity=0)
    dataset.build_demo()
    images = dataset.make_images()
    demo = len(gr_resources()[1])
    generated = dataset.ResourceGenerator(max(0, total - demo), hub_only=True).run(
        images
    )
    say(f"project: {demo} demo and {generated['resources']} generated resources on GR")
    problems = dataset.check_tree()
    if problems:
        raise SystemExit(f"The generated page tree is inconsistent: {problems}")
    call_command("update_index", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    found = records()
    write_records(found)
    say(f"project: {len(found)} records written for the peers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
