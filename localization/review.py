"""A translation is published only when every text is translated and every
machine translation has been read: otherwise readers of /en/ would get
Swedish, or text nobody checked, as if it were reviewed English."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_localize.models import StringSegment, StringTranslation, Translation


def unfinished(translation: Translation) -> tuple[int, int]:
    """(Texts without a translation, texts only machine translated) of
    `translation`'s source, in its target language. An editor who opens a
    machine translation in the editor and saves it has reviewed it."""
    segments = StringSegment.objects.filter(source_id=translation.source_id)
    translations = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=translation.target_locale_id,
        has_error=False,
    )
    missing = segments.exclude(Exists(translations)).count()
    machine = segments.filter(
        Exists(
            translations.filter(
                translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
            )
        )
    ).count()
    return missing, machine


def unfinished_message(translation: Translation) -> str | None:
    """Why `translation` may not be published yet, or None if it may."""
    missing, machine = unfinished(translation)
    if not (missing or machine):
        return None
    reasons = []
    if missing:
        reasons.append(
            ngettext(
                "%(count)d text är inte översatt",
                "%(count)d texter är inte översatta",
                missing,
            )
            % {"count": missing}
        )
    if machine:
        reasons.append(
            ngettext(
                "%(count)d maskinöversatt text är inte granskad",
                "%(count)d maskinöversatta texter är inte granskade",
                machine,
            )
            % {"count": machine}
        )
    return _(
        "Översättningen till %(language)s publicerades inte: %(reasons)s. "
        "Översätt eller läs och spara varje sådan text i översättningsvyn och "
        "publicera sedan igen."
    ) % {
        "language": translation.target_locale.get_display_name(),
        "reasons": "; ".join(reasons),
    }


def translation_of(instance) -> Translation | None:
    """The enabled wagtail-localize translation whose target is `instance`."""
    return (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("target_locale")
        .first()
    )
