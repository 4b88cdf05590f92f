"""A site that builds on the API: a municipality's website or intranet, or GR's."""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from pages.models import SiteProfile

from .key_cache import forget_keys


def _origins(text: str) -> list[str]:
    return [line.strip().rstrip("/") for line in text.splitlines() if line.strip()]


def validate_origins(text: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for origin in _origins(text):
        try:
            check(origin)
        except ValidationError:
            raise ValidationError(
                _("%(origin)s är inget ursprung (https://värdnamn[:port])."),
                params={"origin": origin},
            ) from None
        if origin.count("/") != 2:
            raise ValidationError(
                _("%(origin)s har en sökväg; ett ursprung är schema och värdnamn."),
                params={"origin": origin},
            )


def fill_preview_url(template: str, **values) -> str:
    """The template with {token}, {id}, {site} and {locale} filled in (URL-
    quoted); other braces are left as they are."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", quote(str(value), safe=""))
    return template


def validate_preview_url(value: str) -> None:
    if not value:
        return
    if "{token}" not in value:
        raise ValidationError(_("Adressen måste innehålla {token}."))
    example = fill_preview_url(value, token="abc", id=1, site="gr", locale="sv")  # noqa: S106
    URLValidator(schemes=["http", "https"])(example)


class Consumer(models.Model):
    """A consuming site, owned by GR or a member municipality."""

    name = models.CharField(_("namn"), max_length=120)
    site = models.ForeignKey(
        Site,
        verbose_name=_("webbplats"),
        on_delete=models.PROTECT,
        related_name="api_consumers",
        help_text=_("Organisationen som äger den konsumerande webbplatsen."),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-post till kontaktperson"))
    cors_origins = models.TextField(
        _("tillåtna ursprung (CORS)"),
        blank=True,
        validators=[validate_origins],
        help_text=_(
            "Ett per rad, t.ex. https://intranat.molndal.se. Webbläsare på de "
            "adresserna får anropa API:t med konsumentens nyckel."
        ),
    )
    preview_url = models.CharField(
        _("adress för förhandsgranskning"),
        max_length=500,
        blank=True,
        validators=[validate_preview_url],
        help_text=_(
            "Konsumentens sida som visar ett utkast, med {token} (krävs) och "
            "gärna {id}, {site} och {locale}, t.ex. "
            "https://intranat.molndal.se/forhandsvisning?token={token}"
        ),
    )
    staff_material = models.BooleanField(
        _("personalmaterial"),
        default=False,
        help_text=_(
            "Får läsa sidor som bara inloggade får se (Wagtails begränsning "
            "”inloggade”) på den egna webbplatsen, också GR:s delade material där. "
            "Sidor med lösenord eller gruppbegränsning visas aldrig."
        ),
    )
    shared_staff_material = models.BooleanField(
        _("GR:s delade personalmaterial på medlemmarnas webbplatser"),
        default=False,
        help_text=_(
            "Bara för GR:s konsumenter: får läsa GR:s delade personalmaterial "
            "också när den läser en medlems webbplats (site=…)."
        ),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("API-konsument")
        verbose_name_plural = _("API-konsumenter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.forget_keys()

    def delete(self, *args, **kwargs):
        self.forget_keys()
        return super().delete(*args, **kwargs)

    @property
    def origins(self) -> list[str]:
        return _origins(self.cors_origins)

    def preview_address(self, **values) -> str:
        """preview_url filled in with fill_preview_url()."""
        return fill_preview_url(self.preview_url, **values)

    def login_admitted_sites(self, read_site_id: int, hub_site_id: int | None):
        """The sites whose login restrictions ("inloggade") this consumer may
        pass when it reads `read_site_id`: on its own site, its own and GR's
        (the originals of GR's material shared there); for a GR consumer with
        the shared scope, GR's alone on a member's site. Never passwords or
        group restrictions: those stay closed to every consumer."""
        if not self.staff_material:
            return ()
        if read_site_id == self.site_id:
            return tuple(sorted({self.site_id, hub_site_id} - {None}))
        if self.shared_staff_material and self.site_id == hub_site_id:
            return (hub_site_id,)
        return ()

    def forget_keys(self) -> None:
        """Drop this consumer's cached keys: they carry its scopes."""
        if self.pk is not None:
            forget_keys(self.keys.values_list("hash", flat=True))

    def clean(self) -> None:
        super().clean()
        if not self.shared_staff_material:
            return
        if not self.staff_material:
            raise ValidationError(
                {"shared_staff_material": _("Kräver behörigheten personalmaterial.")}
            )
        if self.site_id and not SiteProfile.for_site(self.site).is_hub:
            raise ValidationError(
                {"shared_staff_material": _("Bara GR:s konsumenter kan få det.")}
            )
