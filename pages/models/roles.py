"""The roles vocabulary: who a resource is for."""

import functools

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin import compare
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

# Material tagged with this role is relevant to every member of staff.
ALL_STAFF_SLUG = "alla-medarbetare"


class Role(TranslatableMixin, index.Indexed, models.Model):
    """A job role from the controlled vocabulary; translated once per locale."""

    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(
        _("kortnamn"),
        max_length=100,
        help_text=_("Stabil identifierare som används i API:t, samma på alla språk."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sorteringsordning"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_role_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_all_staff(self) -> bool:
        return self.slug == ALL_STAFF_SLUG

    def for_locale(self, locale) -> "Role":
        """This role in `locale`, created from this one if it is not translated yet."""
        if self.locale_id == locale.pk:
            return self
        translation = self.get_translation_or_none(locale)
        if translation is None:
            translation = self.copy_for_translation(locale)
            translation.save()
        return translation


class ResourcePageRole(Orderable):
    """Links a resource page to a role of the page's own locale."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="role_links"
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        related_name="page_links",
        verbose_name=_("roll"),
    )

    panels = [FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["page", "role"], name="unique_page_role")
        ]

    def __str__(self) -> str:
        return str(self.role)


class RolesPanel(FieldPanel):
    """The edit form's role checkboxes (its "roles" field).

    The field is the form's, not the model's, so Wagtail would leave it out
    of revision comparisons; they compare the role links it writes instead.
    """

    class BoundPanel(FieldPanel.BoundPanel):
        def get_comparison(self) -> list:
            role = ResourcePageRole._meta.get_field("role")
            return [
                functools.partial(
                    compare.ChildRelationComparison,
                    self.panel.model._meta.get_field("role_links"),
                    [functools.partial(compare.ForeignObjectComparison, role)],
                    label=_("Roller"),
                )
            ]
