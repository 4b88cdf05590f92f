"""Admin forms: a consumer, and the name of a new key."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Site) -> str:
        return obj.site_name or obj.hostname


class ConsumerForm(WagtailAdminModelForm):
    """Validation is the model's (origins, preview URL, the shared scope only
    for GR's consumers): its errors appear beside the fields."""

    site = SiteChoiceField(
        queryset=Site.objects.order_by("-is_default_site", "site_name"),
        label=_("webbplats"),
        help_text=_("Organisationen som äger den konsumerande webbplatsen."),
    )

    def clean_cors_origins(self) -> str:
        lines = self.cleaned_data["cors_origins"].splitlines()
        return "\n".join(line.strip().rstrip("/") for line in lines if line.strip())


class NewKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Benämning"),
        max_length=120,
        help_text=_("Var nyckeln ska användas, t.ex. produktion eller test."),
    )
    # One form, one key: a reloaded or resubmitted form makes no second key.
    once = forms.CharField(widget=forms.HiddenInput)
