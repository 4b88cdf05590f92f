from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How dates are written in Sweden (SS-ISO 8601), in any language.
ISO_DATE = "%Y-%m-%d"


class LocalizationConfig(AppConfig):
    name = "localization"
    verbose_name = _("Översättning")

    def ready(self) -> None:
        from wagtail_localize.views import edit_translation

        from . import checks  # noqa: F401 - registers the system check

        # The translation editor's "last published" date: wagtail-localize
        # formats it with strftime("%-d %B %Y"), which names the month in
        # English whatever the admin's language ("5 December 2026").
        edit_translation.DATE_FORMAT = ISO_DATE
