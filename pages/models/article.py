from django.utils.translation import gettext_lazy as _

from .base import ResourcePage


class ArticlePage(ResourcePage):
    """Written guidance: the body is the content."""

    kind = "article"

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artiklar")
