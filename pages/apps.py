from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Innehåll")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Modules that use models can be imported only once the app registry
        # is ready, which is why Django runs this method.
        from . import signal_handlers, site_reader
        from .models.cacheable import register_site_reader

        signal_handlers.register()
        register_site_reader(site_reader.SiteReader())
