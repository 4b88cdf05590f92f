"""Admin views: the out-of-date translations report, and machine translation
that tells the editor when the service fails."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.views import edit_translation

from .machine import MachineTranslationFailed
from .outdated import outdated_translations


def outdated_report(request):
    """Translated pages whose source was published after their last sync,
    among those this user may edit, each with a link to sync it."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    rows = [
        row
        for row in outdated_translations()
        if row.translated_page.permissions_for_user(request.user).can_edit()
    ]
    return TemplateResponse(
        request, "localization/outdated_report.html", {"rows": rows}
    )


@require_POST
def machine_translate(request, translation_id: int):
    """wagtail-localize's view, with a failing service reported to the editor."""
    try:
        return edit_translation.machine_translate(request, translation_id)
    except MachineTranslationFailed as failure:
        messages.error(request, str(failure))
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
