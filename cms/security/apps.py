from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "security"
    verbose_name = "Säkerhet"

    def ready(self) -> None:
        from . import lockouts  # noqa: F401 - connects the signal receivers
