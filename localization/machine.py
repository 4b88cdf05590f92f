"""Machine translators for the admin's "Översätt med …", on top of
wagtail-localize's: errors from the service become a message to the editor
(localization/views.py) instead of a 500, and DeepL is asked for British
English, as it no longer takes a plain "EN" target."""

import logging

from django.utils.translation import gettext as _

from wagtail_localize.machine_translators import deepl, libretranslate

import requests

logger = logging.getLogger(__name__)

# What a service that is down, refuses the key or answers nonsense raises
# inside wagtail-localize's translators.
SERVICE_ERRORS = (requests.RequestException, KeyError, ValueError, TypeError)


class MachineTranslationFailed(Exception):
    """The service could not translate; str() is the editor's message."""


class ServiceErrorsMixin:
    display_name: str

    def translate(self, source_locale, target_locale, strings):
        try:
            return super().translate(source_locale, target_locale, strings)
        except SERVICE_ERRORS as error:
            logger.warning("%s could not translate", self.display_name, exc_info=True)
            raise MachineTranslationFailed(
                _(
                    "%(service)s kunde inte översätta just nu (%(error)s). Inget "
                    "har ändrats; försök igen senare eller översätt för hand."
                )
                % {"service": self.display_name, "error": type(error).__name__}
            ) from error


class DeepLTranslator(ServiceErrorsMixin, deepl.DeepLTranslator):
    def get_parameters(self, source_locale, target_locale, strings):
        parameters = super().get_parameters(source_locale, target_locale, strings)
        if parameters["target_lang"] == "EN":
            parameters["target_lang"] = "EN-GB"
        return parameters


class LibreTranslator(ServiceErrorsMixin, libretranslate.LibreTranslator):
    pass
