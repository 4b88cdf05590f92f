"""Admin views: the out-of-date translations report, sync that publishes only
finished translations, and machine translation that tells the editor when
the service fails."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import edit_translation
from wagtail_localize.views.report import (
    TranslationsReportFilterSet,
    TranslationsReportView,
)
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .machine import MachineTranslationFailed
from .outdated import outdated_translations
from .review import unfinished_message


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


def submit_page_translation(request, page_id: int):
    """wagtail-localize's "Översätt den här sidan", for the pages the user may
    edit: its own check is only the translate permission, which would let
    GR's editors create translations in the members' trees."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)


def update_translations(request, translation_source_id: int):
    """wagtail-localize's "Synkronisera"; with "Publicera omgående" ticked,
    only the translations with every text translated and reviewed are
    published (localization/review.py), the others are named. Like
    "Översätt", only for a page the user may edit."""
    source = get_object_or_404(TranslationSource, pk=translation_source_id)
    instance = source.get_source_instance()
    if (
        isinstance(instance, Page)
        and not instance.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    publish = request.method == "POST" and bool(
        request.POST.get("publish_translations")
    )
    if publish:
        request.POST = request.POST.copy()
        del request.POST["publish_translations"]
    response = UpdateTranslationsView.as_view()(
        request, translation_source_id=translation_source_id
    )
    if publish and response.status_code == 302:
        for translation in Translation.objects.filter(
            source_id=translation_source_id, enabled=True
        ).select_related("target_locale"):
            problem = unfinished_message(translation) or _publish_refusal(
                request.user, translation
            )
            if problem is None:
                try:
                    translation.save_target(user=request.user, publish=True)
                except ValidationError as error:
                    problem = _("Översättningen kunde inte publiceras: %(error)s") % {
                        "error": " ".join(error.messages)
                    }
            if problem is not None:
                messages.warning(request, problem)
    return response


def _publish_refusal(user, translation: Translation) -> str | None:
    """Why `user` may not publish the translation's page (GR's editors and
    translators hand it to a reviewer, pages/permissions/)."""
    target = translation.get_target_instance()
    if not isinstance(target, Page) or target.permissions_for_user(user).can_publish():
        return None
    return _(
        "Översättningen till %(language)s publicerades inte: en GR-granskare "
        "publicerar den när den är klar."
    ) % {"language": translation.target_locale.get_display_name()}


@require_POST
def machine_translate(request, translation_id: int):
    """wagtail-localize's view, with a failing service reported to the editor."""
    try:
        return edit_translation.machine_translate(request, translation_id)
    except MachineTranslationFailed as failure:
        messages.error(request, str(failure))
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")


class TranslationsPaginator(WagtailPaginator):
    """Counts translations in Swedish: wagtail-localize's Translation model
    has no verbose names, so Wagtail's count read "86 translations"."""

    verbose_name = gettext_lazy("översättning")
    verbose_name_plural = gettext_lazy("översättningar")


class TranslationsFilterSet(TranslationsReportFilterSet):
    """wagtail-localize's report filters, with labels for the two language
    filters, which it leaves to django-filter ("Source locale")."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["source_locale"].label = gettext_lazy("Källspråk")
        self.filters["target_locale"].label = gettext_lazy("Målspråk")


class TranslationsReport(TranslationsReportView):
    """wagtail-localize's translations report, all in Swedish, in a stable
    order (its own has none, so a page could repeat or skip translations)."""

    paginator_class = TranslationsPaginator
    filterset_class = TranslationsFilterSet

    def get_queryset(self):
        # Newest first, and the same order on every page of the listing.
        return super().get_queryset().order_by("-created_at", "-pk")
