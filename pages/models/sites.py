from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page


@register_setting(icon="site")
class SiteProfile(BaseSiteSetting):
    """Which organisation a Wagtail Site belongs to: its stable slug and hub flag.

    The API's `site=` parameter and sharing between sites identify sites by
    this slug; pages belong to the site whose root they are under.
    """

    slug = models.SlugField(  # noqa: DJ001 - see null=True below
        _("kortnamn"),
        max_length=50,
        # Null, not "", for profiles Wagtail creates on demand (for_site).
        null=True,
        unique=True,
        help_text=_("Stabil identifierare i API:t, t.ex. gr eller molndal."),
    )
    is_hub = models.BooleanField(
        _("navet (GR)"),
        default=False,
        help_text=_("Navet publicerar gemensamt material som delas med medlemmarna."),
    )
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logotyp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("slug"), FieldPanel("is_hub"), FieldPanel("logo")]

    class Meta:
        verbose_name = _("webbplatsprofil")
        verbose_name_plural = _("webbplatsprofiler")

    def __str__(self) -> str:
        return self.slug


# Treebeard paths: a home page (depth 2) owns every path that starts with its own.
HOME_PATH_LENGTH = 2 * Page.steplen


class SiteDirectory:
    """Which site every home page belongs to, in every locale, in two queries.

    A site's root page is its home in the default locale; translations of the
    home sit beside it under the tree root, so a page belongs to the site
    whose home (in any locale) its path starts with.
    """

    def __init__(self) -> None:
        profiles = SiteProfile.objects.filter(slug__isnull=False).select_related(
            "site__root_page"
        )
        by_key = {
            profile.site.root_page.translation_key: profile for profile in profiles
        }
        self.profiles: list[SiteProfile] = sorted(by_key.values(), key=str)
        self._by_home_path: dict[str, SiteProfile] = {}
        self._homes: dict[tuple[int, int], Page] = {}
        for home in Page.objects.filter(depth=2, translation_key__in=list(by_key)):
            profile = by_key[home.translation_key]
            self._by_home_path[home.path] = profile
            self._homes[profile.pk, home.locale_id] = home

    def site_of(self, page: Page) -> SiteProfile | None:
        """The site whose tree holds `page`, or None (the root, an orphan tree)."""
        return self._by_home_path.get(page.path[:HOME_PATH_LENGTH])

    def home(self, site: SiteProfile, locale_id: int) -> Page | None:
        """The site's home page in that locale, or None if the site lacks it."""
        return self._homes.get((site.pk, locale_id))

    def home_paths(self, site: SiteProfile) -> list[str]:
        return [path for path, profile in self._by_home_path.items() if profile == site]

    @property
    def hub(self) -> SiteProfile | None:
        return next((profile for profile in self.profiles if profile.is_hub), None)

    @property
    def members(self) -> list[SiteProfile]:
        return [profile for profile in self.profiles if not profile.is_hub]
