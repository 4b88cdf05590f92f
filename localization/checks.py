"""Translation set-ups that cannot work, reported by `manage.py check` and on
the admin's dashboard (localization/wagtail_hooks.py)."""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

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


MISSING = "missing"
STALE = "stale"


def interface_catalogues() -> list[tuple[str, Path, str | None]]:
    """(language, .po, MISSING, STALE or None) for the interface's
    catalogues of each language but the source one (LANGUAGE_CODE). A
    language without any .po names the django.po gettext would read first."""
    found = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        directories = [
            Path(path) / to_locale(code) / "LC_MESSAGES"
            for path in settings.LOCALE_PATHS
        ]
        catalogues = sorted(po for d in directories for po in d.glob("*.po"))
        if not catalogues and directories:
            catalogues = [directories[0] / "django.po"]
        for po in catalogues:
            mo = po.with_suffix(".mo")
            if not mo.exists():
                state = MISSING
            elif po.exists() and mo.stat().st_mtime < po.stat().st_mtime:
                state = STALE
            else:
                state = None
            found.append((code, po, state))
    return found


@checks.register(checks.Tags.translation)
def interface_translations_compiled(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The compiled catalogues (.mo, not in git) that `manage.py
    build_messages` writes: without one, Django falls back to the Swedish
    msgids, and a language's whole interface is Swedish under its own lang.

    Missing is an error with DEBUG off (production): `manage.py check` and
    the commands that run the checks (migrate, collectstatic) stop until the
    catalogues are built; build_messages itself runs none. Under DEBUG it is
    a warning, which runserver shows. A catalogue older than its .po (texts
    added since) is a warning either way: modification times are a
    heuristic that a file copy can upset, and `check --deploy --fail-level
    WARNING` (deploy/build.sh) stops a build on a warning anyway.
    """
    hint = _("Kör manage.py build_messages (make messages) innan webbplatsen startas.")
    found: list[checks.CheckMessage] = []
    for language, po, state in interface_catalogues():
        where = {"language": language, "mo": po.with_suffix(".mo"), "po": po.name}
        if state == MISSING:
            level, code = (
                (checks.Warning, "W003") if settings.DEBUG else (checks.Error, "E003")
            )
            message = _(
                "Den kompilerade översättningen för %(language)s saknas (%(mo)s): "
                "gränssnittet visas på svenska i stället."
            )
            found.append(level(message % where, hint=hint, id=f"localization.{code}"))
        elif state == STALE:
            message = _(
                "Den kompilerade översättningen för %(language)s (%(mo)s) är äldre "
                "än %(po)s: de nyaste texterna visas på svenska."
            )
            found.append(
                checks.Warning(message % where, hint=hint, id="localization.W004")
            )
    return found
