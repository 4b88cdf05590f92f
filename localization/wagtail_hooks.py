"""Admin: the out-of-date translations report, machine translation errors
as messages, and a dashboard warning when machine translation is misconfigured."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import TranslatableMixin

from . import views
from .checks import synchronised_locale_problems
from .review import translation_of, unfinished_message


@hooks.register("register_admin_urls")
def localization_admin_urls():
    return [
        path(
            "translations/outdated/",
            views.outdated_report,
            name="localization_outdated",
        ),
        # The same addresses as wagtail-localize's views, found first (this
        # app comes before wagtail_localize in INSTALLED_APPS).
        path(
            "localize/submit/page/<int:page_id>/",
            views.submit_page_translation,
            name="localization_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            views.update_translations,
            name="localization_update_translations",
        ),
        path(
            "localize/reports/translations/",
            views.TranslationsReport.as_view(),
            name="localization_translations_report",
        ),
        path(
            "localize/reports/translations/results/",
            views.TranslationsReport.as_view(results_only=True),
            name="localization_translations_report_results",
        ),
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            views.machine_translate,
            name="localization_machine_translate",
        ),
    ]


def _refuse_unfinished_publish(request, instance, edit_url: str):
    """Stop the translation editor's "Publicera" while texts are missing or
    unreviewed (localization/review.py); runs before wagtail-localize's own
    hook, which would publish them with Swedish in their place."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    translation = translation_of(instance)
    if translation is None:
        return None
    problem = unfinished_message(translation)
    if problem is None:
        return None
    messages.error(request, problem)
    return redirect(edit_url)


@hooks.register("before_edit_page")
def refuse_unfinished_page_translation(request, page):
    return _refuse_unfinished_publish(
        request, page, reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


@hooks.register("before_edit_snippet")
def refuse_unfinished_snippet_translation(request, instance):
    if not isinstance(instance, TranslatableMixin):
        return None
    return _refuse_unfinished_publish(request, instance, request.get_full_path())


@hooks.register("register_reports_menu_item")
def outdated_report_menu_item():
    return MenuItem(
        gettext_lazy("Inaktuella översättningar"),
        reverse("localization_outdated"),
        icon_name="doc-full",
        order=920,
    )


class TranslationProblemPanel(Component):
    name = "translation_problems"
    order = 50

    def __init__(self, heading: str, problem) -> None:
        self.heading, self.problem = heading, problem

    def render_html(self, parent_context=None) -> str:
        return format_html(
            '<section class="panel help-block help-warning" role="alert">'
            "<h2>{}</h2><p>{}</p></section>",
            self.heading,
            self.problem,
        )


@hooks.register("construct_homepage_panels")
def warn_of_translation_problems(request, panels) -> None:
    """Administrators see what keeps translation from working as it should."""
    if not request.user.is_superuser:
        return
    problem = getattr(settings, "MACHINE_TRANSLATION_PROBLEM", None)
    if problem:
        heading = _("Maskinöversättningen fungerar inte")
        panels.append(TranslationProblemPanel(heading, problem))
    for problem in synchronised_locale_problems():
        heading = _("Sidor kan visas på fel språk")
        panels.append(TranslationProblemPanel(heading, problem))
