"""A consumer's API keys in the admin: list, issue (shown once), revoke.

The key in clear exists only in the response that issues it: never in a
URL, the session, a message, the audit log or the application's log.
"""

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import LogFormatter, log

from .forms import NewKeyForm
from .models import ApiKey, Consumer

ISSUED = "consumers.issue_key"
REVOKED = "consumers.revoke_key"


class ShownOnce:
    """A new key in clear, for the one page that shows it: str() is the key,
    repr() is not. Django logs a template's whole context (as repr) at DEBUG
    when a variable is missing, and error reports show variables as repr."""

    __slots__ = ("_clear",)

    def __init__(self, clear: str) -> None:
        self._clear = clear

    def __str__(self) -> str:
        return self._clear

    def __repr__(self) -> str:
        return "<API-nyckel i klartext, dold>"


class KeyIssued(LogFormatter):
    label = gettext_lazy("Ny API-nyckel")

    def format_message(self, log_entry) -> str:
        return _("Ny API-nyckel ”%(name)s” (%(prefix)s…)") % log_entry.data


class KeyRevoked(LogFormatter):
    label = gettext_lazy("API-nyckel återkallad")

    def format_message(self, log_entry) -> str:
        return _("API-nyckeln ”%(name)s” (%(prefix)s…) återkallad") % log_entry.data


def register_log_actions(actions) -> None:
    """The register_log_actions hook (consumers/wagtail_hooks.py)."""
    actions.register_action(ISSUED)(KeyIssued)
    actions.register_action(REVOKED)(KeyRevoked)


def log_key(request: HttpRequest, action: str, key: ApiKey) -> None:
    """An entry in the consumer's history: the key's name and prefix only."""
    data = {"name": key.name, "prefix": key.prefix}
    log(instance=key.consumer, action=action, user=request.user, data=data)


class ConsumerKeysMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """Views of one consumer's keys, for users who may change consumers. The
    viewset (consumers/wagtail_hooks.py) names its URLs."""

    model = Consumer
    permission_required = "change"
    header_icon = "key"
    index_url_name = ""
    edit_url_name = ""
    keys_url_name = ""
    revoke_url_name = ""

    @cached_property
    def consumer(self) -> Consumer:
        # Looked up after the permission check: no 404 tells an outsider
        # which consumers exist.
        return get_object_or_404(Consumer, pk=self.kwargs["pk"])

    def get_page_title(self) -> str:
        return _("API-nycklar")

    def get_page_subtitle(self) -> str:
        return str(self.consumer)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("API-konsumenter")},
            {
                "url": reverse(self.edit_url_name, args=[self.consumer.pk]),
                "label": str(self.consumer),
            },
            {"url": "", "label": _("API-nycklar")},
        ]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["consumer"] = self.consumer
        context["keys_url"] = reverse(self.keys_url_name, args=[self.consumer.pk])
        return context

    @property
    def once_session_key(self) -> str:
        return f"consumers:new-key:{self.consumer.pk}"


class KeysView(ConsumerKeysMixin, TemplateView):
    """The consumer's keys, active and revoked, and the form for a new one."""

    template_name = "consumers/keys/index.html"
    form: NewKeyForm | None = None

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if self.form is None:
            once = secrets.token_urlsafe(16)
            self.request.session[self.once_session_key] = once
            self.form = NewKeyForm(initial={"once": once})
        context["form"] = self.form
        context["keys"] = [
            (key, reverse(self.revoke_url_name, args=[self.consumer.pk, key.pk]))
            for key in self.consumer.keys.order_by("-created_at")
        ]
        return context

    @method_decorator(sensitive_variables("clear"))
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Issue a key; the response is the only place it is ever shown. The
        key is hidden from error reports here and in the frames below."""
        self.form = NewKeyForm(request.POST)
        if not self.form.is_valid():
            return self.get(request, *args, **kwargs)
        if self.form.cleaned_data["once"] != request.session.pop(
            self.once_session_key, None
        ):
            messages.warning(
                request,
                _(
                    "Formuläret har redan skickats. En nyckel visas bara en gång: "
                    "skapa en ny om du inte sparade den."
                ),
            )
            return redirect(self.keys_url_name, self.consumer.pk)
        key, clear = ApiKey.issue(self.consumer, self.form.cleaned_data["name"])
        log_key(request, ISSUED, key)
        self.template_name = "consumers/keys/issued.html"
        # The mixin's context: no new form (and no new one-time token).
        response = self.render_to_response(
            super().get_context_data(key=key, clear_key=ShownOnce(clear))
        )
        add_never_cache_headers(response)
        return response


class RevokeKeyView(ConsumerKeysMixin, TemplateView):
    """Confirm, then revoke: the key stays in the list, marked revoked."""

    template_name = "consumers/keys/revoke.html"

    @cached_property
    def key(self) -> ApiKey:
        return get_object_or_404(self.consumer.keys, pk=self.kwargs["key_pk"])

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["key"] = self.key
        context["revoke_url"] = reverse(
            self.revoke_url_name, args=[self.consumer.pk, self.key.pk]
        )
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.key.is_active:
            self.key.revoke()
            log_key(request, REVOKED, self.key)
            messages.success(
                request,
                _("Nyckeln ”%(name)s” (%(prefix)s…) är återkallad.")
                % {"name": self.key.name, "prefix": self.key.prefix},
            )
        return redirect(self.keys_url_name, self.consumer.pk)
