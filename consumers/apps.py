from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsumersConfig(AppConfig):
    """The sites that build on the delivery API: who they are, their keys,
    what they may read and how much of it."""

    name = "consumers"
    verbose_name = _("API-konsumenter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import cors  # noqa: F401 - connects the signal receivers
