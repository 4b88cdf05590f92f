"""Admin form for resource pages: locale-bound roles, sharing on GR's pages only,
publish-time rules."""

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from pages.models.roles import ResourcePageRole, Role
from pages.models.sharing import is_hub_page
from pages.models.sites import SiteProfile

SHARING_FIELDS = ("share_with", "share_sites")
# Swedish alphabetical order: å, ä and ö come after z.
SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})

# Only a forged or stale form posts a role the checkboxes do not offer.
FORGED_ROLE_MESSAGE = _(
    "Rollerna kunde inte sparas: en vald roll finns inte bland rollerna på "
    "sidans språk. Ladda om sidan och försök igen."
)


class ResourcePageForm(WagtailAdminPageForm):
    """Roles as one checkbox each, of the page's own locale; sharing on GR's
    pages only; publishing blocked while the page is incomplete.

    Saving a draft defers the publishing checks (Wagtail's deferred
    validation); publishing and submitting for moderation do not.
    """

    roles = forms.ModelMultipleChoiceField(
        label=_("Roller"),
        queryset=Role.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        # Drafts may have none; publishing asks for one (publish_errors).
        required=False,
        help_text=_(
            "Vilka medarbetare materialet är till för. Välj Alla medarbetare "
            "för material som gäller alla."
        ),
        error_messages={
            "invalid_choice": FORGED_ROLE_MESSAGE,
            "invalid_pk_value": FORGED_ROLE_MESSAGE,
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fit_sharing_to_the_site()
        # Only roles of the page's locale: a link to another locale's role
        # would show the wrong language (wagtail-localize #820).
        field = self.fields["roles"]
        field.queryset = Role.objects.filter(
            locale_id=self.instance.locale_id
        ).order_by("sort_order", "name")
        if not self.is_bound:
            self.initial["roles"] = [
                link.role_id for link in self.instance.role_links.all()
            ]

    def _fit_sharing_to_the_site(self) -> None:
        """Sharing is GR's: the "Dela med" fields only on pages in GR's tree
        (the tab disappears with them), offering the members by name."""
        if "share_with" not in self.fields:
            return
        in_hub = (
            is_hub_page(self.instance)
            if self.instance.pk
            else self.parent_page is not None and is_hub_page(self.parent_page)
        )
        if not in_hub:
            for name in SHARING_FIELDS:
                self.fields.pop(name, None)
            return
        field = self.fields.get("share_sites")
        if field is not None:
            field.queryset = members_by_name()
            field.label_from_instance = lambda profile: profile.site.site_name

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not self.is_deferred_validation:
            role_count = len(self.cleaned_data.get("roles") or ())
            errors = self.instance.publish_errors(role_count=role_count)
            for field, messages in errors.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
            valid = valid and not errors
        return valid

    def save(self, commit: bool = True):
        page = super().save(commit=False)
        if "roles" in self.cleaned_data:
            page.role_links = role_links_for(page, self.cleaned_data["roles"])
        if commit:
            page.save()
            self.save_m2m()
        return page


def role_links_for(page, roles) -> list[ResourcePageRole]:
    """The page's role links for `roles`, in the vocabulary's order.

    A role the page already has keeps its link (and its id), so revisions
    compare link by link and publishing rewrites only what changed.
    """
    kept = {link.role_id: link for link in page.role_links.all()}
    links = []
    for index, role in enumerate(roles):
        link = kept.get(role.pk) or ResourcePageRole(role=role)
        link.sort_order = index
        links.append(link)
    return links


def members_by_name():
    """The member sites, in Swedish alphabetical order of their names."""
    members = SiteProfile.objects.filter(is_hub=False, slug__isnull=False)
    names = dict(members.values_list("pk", "site__site_name"))
    ordered = sorted(names, key=lambda pk: names[pk].lower().translate(SWEDISH_ORDER))
    if not ordered:
        # An ORDER BY of a lone constant would be read as a column number.
        return members
    position = Case(
        *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered)),
        default=Value(len(ordered)),
    )
    return members.select_related("site").order_by(position)
