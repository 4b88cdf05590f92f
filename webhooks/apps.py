from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed webhooks: consumers are told when a resource changes."""

    name = "webhooks"
    verbose_name = _("Webhooks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Modules that use models can be imported only once the app registry
        # is ready, which is why Django runs this method.
        from . import signal_handlers

        signal_handlers.register()
