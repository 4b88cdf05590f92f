"""Admin for API consumers (Inställningar → API-konsumenter) and their keys.

Who may manage them: superusers, and users whose group has been given the
consumer permissions (Wagtail's model permissions, granted under Inställningar
→ Grupper). No demo group has them: a consumer's scopes open staff material,
so giving one out is an administrator's decision, not an editor's.
"""

from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from . import admin_views
from .forms import ConsumerForm
from .models import Consumer


def scopes(consumer: Consumer) -> str:
    if consumer.shared_staff_material:
        return _("Personalmaterial, också GR:s delade")
    if consumer.staff_material:
        return _("Personalmaterial")
    return _("Publikt material")


# The viewset's name is its URL namespace.
KEYS_URL_NAME = "consumers:keys"


class ConsumerIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("site")
            .annotate(
                active_keys=Count("keys", filter=Q(keys__revoked_at__isnull=True))
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            keys_url = reverse(KEYS_URL_NAME, args=[instance.pk])
            buttons.insert(0, ListingButton(_("API-nycklar"), url=keys_url))
        return buttons


class ConsumerEditView(EditView):
    @cached_property
    def header_buttons(self):
        keys_url = reverse(KEYS_URL_NAME, args=[self.object.pk])
        return [HeaderButton(_("API-nycklar"), url=keys_url, icon_name="key")]


class ConsumerViewSet(ModelViewSet):
    model = Consumer
    name = "consumers"
    icon = "key"
    menu_label = _("API-konsumenter")
    add_to_settings_menu = True
    menu_order = 940
    copy_view_enabled = False
    index_view_class = ConsumerIndexView
    edit_view_class = ConsumerEditView
    search_fields = ["name", "contact_name", "contact_email"]
    list_display = [
        "name",
        Column("site", label=_("Webbplats"), accessor="site.site_name"),
        Column("scopes", label=_("Behörigheter"), accessor=scopes),
        Column("active_keys", label=_("Aktiva nycklar")),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("site"),
                    FieldPanel("contact_name"),
                    FieldPanel("contact_email"),
                ],
                heading=_("Konsument"),
            ),
            MultiFieldPanel(
                [FieldPanel("cors_origins"), FieldPanel("preview_url")],
                heading=_("Webbläsare och förhandsgranskning"),
            ),
            MultiFieldPanel(
                [FieldPanel("staff_material"), FieldPanel("shared_staff_material")],
                heading=_("Behörigheter"),
            ),
        ],
        base_form_class=ConsumerForm,
    )

    def key_view(self, view_class):
        return view_class.as_view(
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            keys_url_name=self.get_url_name("keys"),
            revoke_url_name=self.get_url_name("revoke_key"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("keys/<int:pk>/", self.key_view(admin_views.KeysView), name="keys"),
            path(
                "keys/<int:pk>/revoke/<int:key_pk>/",
                self.key_view(admin_views.RevokeKeyView),
                name="revoke_key",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_consumer_viewset():
    return ConsumerViewSet()


hooks.register("register_log_actions", admin_views.register_log_actions)

from . import usage_admin  # noqa: E402,F401
