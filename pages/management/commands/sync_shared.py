"""Bring the sharing up to date now: what dead workers left, then what is owed."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from wagtail.models import Page

from pages import syndication
from pages.models import RESOURCE_MODELS, SiteDirectory, TopicPage


class Command(BaseCommand):
    help = (
        "Gör klart delningen av GR:s material till medlemskommunerna: tar över "
        "det som en stoppad worker lämnade och kör varje synkronisering som "
        "aldrig blev klar, här och nu (med --queue: lägger dem i kön), eller "
        "med --all varje publicerad resurs och varje ämne i GR:s träd."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="every_page",
            help="Every live page in GR's tree, not only unfinished syncs.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the fan-outs for the worker instead of running them here.",
        )

    def handle(self, *args, every_page: bool, queue: bool, **options):
        recovered = syndication.recover()
        if any(recovered.values()):
            self.stdout.write(
                "Recovered: {dead_workers} dead worker(s), {failed_tasks} task(s) "
                "marked failed, {released} fan-out(s) released, {queued} "
                "queued again.".format(**recovered)
            )
        if every_page:
            pages = self._hub_pages()
        else:
            pages = Page.objects.filter(
                pk__in=syndication.owed().values("original_id")
            ).order_by("path")
        done = elsewhere = 0
        for page in pages.specific().iterator():
            if queue:
                syndication.request_sync(page)
                done += 1
                continue
            if syndication.sync_now(page, again=every_page) is None:
                elsewhere += 1
            else:
                done += 1
        verb = "Queued" if queue else "Ran"
        self.stdout.write(f"{verb} the fan-out of {done} page(s).")
        if elsewhere:
            self.stdout.write(
                f"{elsewhere} page(s) were being shared by a running worker, "
                "which finishes them."
            )

    def _hub_pages(self):
        directory = SiteDirectory()
        if directory.hub is None:
            return Page.objects.none()
        in_hub = Q()
        for path in directory.home_paths(directory.hub):
            in_hub |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_hub, live=True, alias_of__isnull=True)
            .type(TopicPage, *RESOURCE_MODELS)
            .order_by("path")
        )
