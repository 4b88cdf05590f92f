"""The login page when locked out, and the superusers' list of lockouts."""

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.account import LoginView

from .lockouts import KINDS, USERNAME, current_lockouts, unlock

# 429 Too Many Requests: the same page, but the login was not even tried.
LOCKED_OUT_STATUS = 429


def lockout_minutes() -> int:
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "För många misslyckade inloggningar. Inloggningen är spärrad i "
        "%(minutes)s minut. Kontakta en administratör om du behöver komma in "
        "tidigare.",
        "För många misslyckade inloggningar. Inloggningen är spärrad i "
        "%(minutes)s minuter. Kontakta en administratör om du behöver komma in "
        "tidigare.",
        minutes,
    ) % {"minutes": minutes}


def locked_out_login(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: Wagtail's login page, saying why it refused.

    Rendered here, not returned as a TemplateResponse: axes' middleware calls
    this after the view's response has been rendered.
    """
    view = LoginView()
    view.setup(request)
    username = (credentials or {}).get("username") or request.POST.get("username")
    form = view.get_form_class()(request, initial={"username": username or ""})
    context = view.get_context_data(form=form, lockout_message=lockout_message())
    return render(
        request, "security/login_locked.html", context, status=LOCKED_OUT_STATUS
    )


superuser_required = user_passes_test(lambda user: user.is_superuser)


@superuser_required
def lockout_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "security/lockouts.html",
        {
            "page_title": _("Spärrade inloggningar"),
            "lockouts": current_lockouts(),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": lockout_minutes(),
            "username_kind": USERNAME,
        },
    )


@superuser_required
@require_POST
def unlock_view(request: HttpRequest) -> HttpResponse:
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
    if kind not in KINDS or not value:
        return HttpResponseBadRequest()
    unlock(kind, value, by=request.user.get_username())
    messages.success(
        request,
        _("%(value)s är upplåst och kan logga in igen.") % {"value": value},
    )
    return redirect("security_lockouts")
