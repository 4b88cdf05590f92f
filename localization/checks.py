"""Translation set-ups that cannot work, reported by `manage.py check` and on
the admin's dashboard (localization/wagtail_hooks.py)."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.utils.translation import gettext as _

from wagtail_localize.models import LocaleSynchronization


def synchronised_locale_problems() -> list[str]:
    """wagtail-localize's "synchronise from" fills a locale's tree with
    aliases of untranslated pages, which would serve Swedish under /en/
    (mozilla/bedrock#15063); pages are translated one by one instead."""
    try:
        pairs = list(
            LocaleSynchronization.objects.values_list(
                "locale__language_code", "sync_from__language_code"
            )
        )
    except DatabaseError:  # not migrated yet
        return []
    return [
        _(
            "Språket %(target)s synkroniseras från %(source)s: sidor som inte är "
            "översatta visas då på fel språk. Stäng av synkroniseringen under "
            "Inställningar → Språk."
        )
        % {"target": target, "source": source}
        for target, source in pairs
    ]


@checks.register()
def machine_translator_configured(app_configs, **kwargs) -> list[checks.CheckMessage]:
    problem = getattr(settings, "MACHINE_TRANSLATION_PROBLEM", None)
    if not problem:
        return []
    return [
        checks.Warning(
            str(problem),
            hint="Maskinöversättning är avstängd tills inställningen är rättad.",
            id="localization.W001",
        )
    ]


@checks.register(checks.Tags.database)
def no_synchronised_locales(
    app_configs, databases=None, **kwargs
) -> list[checks.CheckMessage]:
    if not databases:
        return []
    return [
        checks.Warning(problem, id="localization.W002")
        for problem in synchronised_locale_problems()
    ]
