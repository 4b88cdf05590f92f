from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaLibraryConfig(AppConfig):
    name = "media_library"
    verbose_name = _("Mediebibliotek")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from media_library.signal_handlers import register_signal_handlers

        register_signal_handlers()
