from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteInfoConfig(AppConfig):
    name = "siteinfo"
    verbose_name = _("Om webbplatsen")
    default_auto_field = "django.db.models.BigAutoField"
