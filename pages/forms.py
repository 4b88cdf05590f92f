"""Admin form for resource pages: locale-bound roles, sharing on GR's pages only,
publish-time rules."""

from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from pages.models.sharing import is_hub_page
from pages.models.sites import SiteProfile

SHARING_FIELDS = ("share_with", "share_sites")
# Swedish alphabetical order: å, ä and ö come after z.
SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})

DUPLICATE_ROLE_MESSAGE = _("Samma roll är vald flera gånger.")
FORGED_ROLE_MESSAGE = _(
    "Rollerna kunde inte sparas: formuläret stämmer inte med sidan. "
    "Ladda om sidan och försök igen."
)


class ResourcePageForm(WagtailAdminPageForm):
    """Offers only roles of the page's locale and blocks incomplete publishing.

    Saving a draft defers these checks (Wagtail's deferred validation); publishing
    and submitting for moderation do not.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fit_sharing_to_the_site()
        role_formset = self.formsets.get("role_links")
        if role_formset is not None and self.instance.locale_id:
            role_formset.form = _role_form_for_locale(
                role_formset.form, self.instance.locale_id
            )

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

    def _chosen_role_ids(self) -> list[int]:
        role_formset = self.formsets.get("role_links")
        if role_formset is None:
            return []
        chosen = []
        for form in role_formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("role") and not data.get("DELETE"):
                chosen.append(data["role"].pk)
        return chosen

    def _role_forms_match_page(self) -> bool:
        """Whether the posted role forms start with one form per role link
        the page has. A stale or forged management form (INITIAL_FORMS of 0
        for a page with links) would make its links new rows beside the
        old ones, which the database refuses mid-save."""
        role_formset = self.formsets.get("role_links")
        if role_formset is None or not role_formset.is_bound:
            return True
        return role_formset.initial_form_count() == len(role_formset.get_queryset())

    def is_valid(self) -> bool:
        # The role formset is validated after the page's own fields, so the
        # checks that need both run once everything else has been cleaned.
        valid = super().is_valid()
        if not self._role_forms_match_page():
            self.add_error(None, FORGED_ROLE_MESSAGE)
            return False
        role_ids = self._chosen_role_ids()
        if len(role_ids) != len(set(role_ids)):
            self.add_error(None, DUPLICATE_ROLE_MESSAGE)
            valid = False
        if not self.is_deferred_validation:
            errors = self.instance.publish_errors(role_count=len(role_ids))
            for field, messages in errors.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
            valid = valid and not errors
        return valid


def _role_form_for_locale(base_form: type, locale_id: int) -> type:
    """A role link form whose role choices are limited to one locale."""

    class LocaleRoleForm(base_form):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            field = self.fields["role"]
            field.queryset = field.queryset.filter(locale_id=locale_id)

    return LocaleRoleForm


def members_by_name():
    """The member sites, in Swedish alphabetical order of their names."""
    members = SiteProfile.objects.filter(is_hub=False, slug__isnull=False)
    names = dict(members.values_list("pk", "site__site_name"))
    ordered = sorted(names, key=lambda pk: names[pk].lower().translate(SWEDISH_ORDER))
    position = Case(
        *(When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered)),
        default=Value(len(ordered)),
    )
    return members.select_related("site").order_by(position)
