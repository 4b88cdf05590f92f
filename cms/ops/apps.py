from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cms.ops"
    label = "ops"
    verbose_name = "Drift"

    def ready(self) -> None:
        from . import auth_events  # noqa: F401 - connects the signal receivers
