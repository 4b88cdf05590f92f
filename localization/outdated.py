"""Translations whose source page has been published since their last sync."""

from dataclasses import dataclass

from django.conf import settings

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource


@dataclass(frozen=True)
class OutdatedTranslation:
    source_page: Page
    translated_page: Page
    source: TranslationSource

    @property
    def published_since(self):
        return self.source_page.last_published_at


def outdated_translations() -> list[OutdatedTranslation]:
    """Translated pages whose source (in the default language) has been
    published after wagtail-localize last read it: "Översätt" and
    "Synkronisera" both read the source, so these are the pages whose
    translators have not seen the latest published text. Oldest first."""
    translations = Translation.objects.filter(
        enabled=True, source__locale__language_code=settings.LANGUAGE_CODE
    ).select_related("source", "target_locale")
    wanted = {(t.source.object_id, t.target_locale_id): t for t in translations}
    keys = {key for key, _locale in wanted}
    pages = Page.objects.filter(translation_key__in=keys).select_related("locale")
    by_key: dict = {}
    for page in pages:
        by_key[(page.translation_key, page.locale_id)] = page
    found = []
    for (key, locale_id), translation in wanted.items():
        source = translation.source
        source_page = by_key.get((key, source.locale_id))
        translated = by_key.get((key, locale_id))
        if source_page is None or translated is None or not source_page.live:
            continue
        published = source_page.last_published_at
        if published is not None and published > source.last_updated_at:
            found.append(OutdatedTranslation(source_page, translated, source))
    return sorted(found, key=lambda row: (row.published_since, row.source_page.pk))
