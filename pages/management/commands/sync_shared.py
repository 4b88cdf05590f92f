"""Queue the sharing fan-out again: for unfinished syncs, or for all of GR's pages."""

from django.core.management.base import BaseCommand
from django.db.models import F, Q

from wagtail.models import Page

from pages import syndication
from pages.models import RESOURCE_MODELS, SharingSync, SiteDirectory, TopicPage


class Command(BaseCommand):
    help = (
        "Köar delningen av GR:s material till medlemskommunerna igen: "
        "de synkroniseringar som aldrig blev klara (en worker stannade, ett "
        "jobb misslyckades), eller med --all varje publicerad resurs och "
        "varje ämne i GR:s träd."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="every_page",
            help="Every live page in GR's tree, not only unfinished syncs.",
        )

    def handle(self, *args, every_page: bool, **options):
        if every_page:
            pages = self._hub_pages()
        else:
            unfinished = SharingSync.objects.filter(
                Q(synced_as_of__isnull=True) | Q(synced_as_of__lt=F("requested_at"))
            )
            pages = Page.objects.filter(
                pk__in=unfinished.values("original_id"), live=True
            )
        count = 0
        for page in pages.specific().iterator():
            syndication.request_sync(page)
            count += 1
        self.stdout.write(f"Queued the fan-out of {count} page(s).")

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
