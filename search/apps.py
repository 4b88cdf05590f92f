from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Sök")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Modules that use models can be imported only once the app registry
        # is ready, which is why Django runs this method.
        from pages.delivery.search_seam import register_engine

        from . import service, signal_handlers

        signal_handlers.register()
        register_engine(service)
