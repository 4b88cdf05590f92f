"""The admin in Swedish, as editors see it: no English left.

Wagtail 8's and wagtail-localize's own Swedish catalogues lack their newer
strings (and have a few wrong), so the admin showed English; our catalogues
(locale/sv/LC_MESSAGES/django.po and djangojs.po) translate them. Editors
are logged in as the groups' users, never as superusers: GR's editor, a
member's editor and GR's reviewer with a page to review.
"""

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation.reloader import translation_file_changed

import wagtail_localize
from wagtail.models import Locale

from localization.messages import compile_messages, message_catalogues
from pages.models import ArticlePage
from pages.permissions import GR_TRANSLATORS, ensure_groups
from tests.factories import make_image, make_resource
from tests.pages.permission_cases import PermissionTestCase, user_in

from .utils import english, submit_translation

# What the Swedish admin showed in English (Wagtail 8.0.1, wagtail-localize
# 1.14.5), as the editor sees it. Matched as whole words.
KNOWN_ENGLISH = [
    "Autosave is paused",
    "Autosave",
    "Saved",
    "View latest version",
    "A network error occurred",
    "Troubleshoot your connection",
    "Side panels",
    "Side panel width",
    "Minimap",
    "Show issue",
    "Actions (footer)",
    "Actions",
    "Link text",
    "Locale",
    "Initial Revision",
    "Edit account avatar",
    "account",
    "Anyone with editing permissions can create schedules",
    "But only those with publishing permissions can make them effective",
    "To be created by",
    "Date updated",
    "Any",
    "Exploring",
    "Locked by",
    "Anyone",
    "now",
    "a second ago",
    "seconds ago",
    "English",
    "There are no",
    "Why not",
    # The search fields' button for screen readers (Wagtail 8.0.1 writes
    # value="Search" without gettext).
    "Search",
    # wagtail-localize's translations report: its language filters and count.
    "Source locale",
    "Target locale",
    "translations",
    # Wagtail's stock workflow and groups, in the workflow report's filter.
    "Moderators approval",
    "Moderators",
]
# "1-5 of 5 sidor": the listings' result counts.
KNOWN_ENGLISH_PATTERNS = [
    re.compile(r"\d of \d"),
    # Dates with English month names ("5 December 2026", from strftime).
    re.compile(
        r"\d (January|February|March|April|May|June|July|August|September|"
        r"October|November|December) \d{4}"
    ),
]

# The msgids behind them, and others of the same views an editor meets only
# sometimes (a lost connection, another editor in the page, a scheduled
# publish, an accessibility check that fails), Django's humanize ("now") among
# them: Swedish in the catalogue.
DJANGO_MSGIDS = [
    "Autosave is paused",
    "Autosave is <span>paused</span>",
    "Saved",
    "View latest version",
    "You saved a new version in another window",
    "%(user_name)s saved a new version",
    "%(user_name)s has unsaved changes",
    "Currently viewing",
    "Proceeding will overwrite the changes made by %(user_name)s.",
    "A network error occurred",
    "Side panels",
    "Side panel width",
    "Minimap",
    "Show issue",
    "Refresh",
    "Actions (footer)",
    "Actions",
    "Edit account avatar",
    "account",
    "Keyboard shortcuts are currently disabled; manage your %(account_link)s "
    "to enable them.",
    "Choose when this %(model_name)s should go live and/or expire",
    "Anyone with editing permissions can create schedules",
    "Go-live:",
    "Expiry:",
    "To be created by %(user)s",
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s",
    "Date updated",
    "Any",
    "Exploring",
    "Locked by",
    "Compare",
    "There are no %(model_name)s to display.",
    "Saving will overwrite a newer version.",
    "Empty heading found",
    "Meta description is empty",
    "Use machine translation",
    "now",
    "%(delta)s ago",
]
# Wagtail's admin scripts (autosave, content metrics, the rich text toolbar).
ADMIN_JS_MSGIDS = [
    "Autosave in progress…",
    "Changes have been autosaved.",
    "A network error occurred.",
    "A server error occurred.",
    "Good",
    "Fair",
    "Complex",
    "Pin toolbar",
    "Unpin toolbar",
    "Search options…",
]

LOCALIZE_BUNDLE = (
    Path(wagtail_localize.__file__).parent
    / "static/wagtail_localize/js/wagtail-localize.js"
)


def setUpModule():
    """Compile our catalogues if the .mo files are missing or stale (`make
    test` does it first), and make this process read them afresh."""
    for mo_path in compile_messages():
        translation_file_changed(sender=None, file_path=mo_path)


class ShownText(HTMLParser):
    """The text a user sees or hears: text outside scripts, the labels in
    attributes, and the props wagtail-localize's editor is rendered from."""

    LABELS = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.shown: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attrs = dict(attrs)
        self.shown += [value for name, value in attrs.items() if name in self.LABELS]
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.shown.append(attrs.get("value") or "")
        if "data-props" in attrs:
            self.shown += props_text(json.loads(attrs["data-props"]))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.shown.append(" ".join(data.split()))


def props_text(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in props_text(item)]
    if isinstance(value, list):
        return [text for item in value for text in props_text(item)]
    return [value] if isinstance(value, str) else []


def english_in(html: str) -> list[str]:
    """The known English strings in what the page shows."""
    parser = ShownText()
    parser.feed(html)
    found = []
    for text in parser.shown:
        found += [
            f"{english!r} in {text!r}"
            for english in KNOWN_ENGLISH
            if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)
        ]
        found += [f"{text!r}" for p in KNOWN_ENGLISH_PATTERNS if p.search(text)]
    return found


def json_script(html: str, element_id: str):
    """The value of a `json_script` element of the page."""
    found = re.search(rf'<script id="{element_id}" [^>]*>(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


def js_catalogue(response) -> dict:
    """The messages of a Django JavaScriptCatalog response."""
    body = response.content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", body, re.DOTALL)
    return json.loads(found.group(1))


def bundle_msgids() -> list[str]:
    """The strings wagtail-localize's editor asks `gettext` for: its bundle
    binds gettext to a short name and calls `name()("...")`."""
    bundle = LOCALIZE_BUNDLE.read_text()
    alias = re.search(r"(\w+)=gettext;var (\w+)=\w+\.n\(\1\)", bundle)
    assert alias, "wagtail-localize's bundle changed shape: read its gettext calls"
    calls = re.findall(rf"\b{alias.group(2)}\(\)\(\"((?:[^\"\\]|\\.)*)\"", bundle)
    return sorted({json.loads(f'"{msgid}"') for msgid in calls})


class SwedishAdminTestCase(PermissionTestCase):
    """GR, Mölndal and Ale (PermissionTestCase), GR's resource translated
    into English, and a GR draft waiting for GR's reviewer."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        admin = Client()
        admin.force_login(cls.superuser)
        cls.translation = submit_translation(admin, cls.original)
        cls.english_page = cls.original.get_translation(english())
        # The English home page exists now: its editors get it too.
        ensure_groups()
        cls.translator = user_in("gr-oversattare", GR_TRANSLATORS)
        cls.draft = make_resource(
            ArticlePage,
            cls.gr["samverkan"],
            publish=False,
            title="Utkast att granska",
            slug="utkast",
        )
        cls.task_state = (
            cls.draft.get_workflow().start(cls.draft, cls.gr_editor).current_task_state
        )
        make_image("Två personer i samtal")

    def shown_to(self, user, url: str) -> str:
        """The page (or a modal's HTML) at `url` as `user` gets it."""
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        if response["Content-Type"].startswith("application/json"):
            return json.loads(response.content)["html"]
        return response.content.decode()

    def assertNoEnglish(self, user, *urls: str):
        for url in urls:
            with self.subTest(user=user.username, url=url):
                self.assertEqual(english_in(self.shown_to(user, url)), [])


class EditorsSeeNoEnglishTests(SwedishAdminTestCase):
    def test_gr_editor_sees_no_english_from_dashboard_to_resource_forms(self):
        self.assertNoEnglish(
            self.gr_editor,
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_explore", args=[self.gr["otillaten-paverkan"].pk]),
            self.url("edit", self.original.pk),
            self.url("add", "pages", "articlepage", self.gr["samverkan"].pk),
            self.url("history", self.original.pk),
            reverse("wagtailadmin_pages:search") + "?q=delat",
            reverse("wagtailadmin_reports:locked_pages"),
            reverse("wagtailsnippets_pages_role:list"),
            reverse("wagtailimages:index"),
            reverse("wagtaildocs:index"),
            reverse("wagtailsnippets_pages_podcastseries:list"),
            # The rich text editor's link dialogs, a role chooser's filter.
            reverse("wagtailadmin_choose_page_external_link"),
            reverse("wagtailadmin_choose_page_email_link"),
            reverse("wagtailsnippetchoosers_pages_role:choose"),
            reverse("wagtail_localize:translations_report"),
            reverse("wagtail_localize:translations_report_results")
            + "?source_locale=sv&target_locale=en",
            reverse("wagtailadmin_reports:workflow"),
        )

    def test_member_editor_sees_no_english_in_their_own_tree(self):
        self.assertNoEnglish(
            self.molndal_editor,
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_explore", args=[self.molndal["samverkan"].pk]),
            self.url("edit", self.local.pk),
            self.url("add", "pages", "articlepage", self.molndal["samverkan"].pk),
        )

    def test_gr_reviewer_sees_no_english_while_reviewing(self):
        task_state = self.task_state.pk
        self.assertNoEnglish(
            self.reviewer,
            reverse("wagtailadmin_home"),
            self.url("edit", self.draft.pk),
            self.url("workflow_action", self.draft.pk, "approve", task_state),
            self.url("workflow_action", self.draft.pk, "reject", task_state),
            self.url("workflow_history", self.draft.pk),
            self.url(
                "workflow_history_detail",
                self.draft.pk,
                self.task_state.workflow_state_id,
            ),
            reverse("wagtailadmin_reports:workflow"),
            reverse("wagtailadmin_reports:workflow_tasks"),
        )


class TranslationEditorInSwedishTests(SwedishAdminTestCase):
    def editor_props(self, user) -> dict:
        html = self.shown_to(user, self.url("edit", self.english_page.pk))
        found = re.search(r'class="js-translation-editor" data-props="([^"]*)"', html)
        return json.loads(unescape(found.group(1)))

    def test_translation_editor_shows_no_english_to_editors_and_reviewers(self):
        url = self.url("edit", self.english_page.pk)
        for user in (self.gr_editor, self.translator, self.reviewer):
            self.assertNoEnglish(user, url)

    def test_translation_editor_names_the_languages_in_swedish(self):
        props = self.editor_props(self.reviewer)
        self.assertEqual(props["sourceLocale"]["displayName"], "svenska")
        self.assertEqual(props["locale"]["displayName"], "engelska")

    def test_translation_editor_writes_the_publishing_date_as_swedes_do(self):
        english_page = type(self.english_page).objects.get(pk=self.english_page.pk)
        english_page.save_revision(user=self.reviewer).publish()
        english_page.refresh_from_db()
        published = english_page.live_revision.created_at
        props = self.editor_props(self.translator)
        self.assertEqual(
            props["object"]["lastPublishedDate"], published.strftime("%Y-%m-%d")
        )
        self.assertNoEnglish(self.translator, self.url("edit", english_page.pk))

    def test_translation_editor_heading_is_swedish(self):
        # The bundle writes "<source> to <target> translation" and "More
        # actions" without gettext; our template gives the page Swedish to
        # put in their place.
        html = self.shown_to(self.gr_editor, self.url("edit", self.english_page.pk))
        self.assertEqual(
            json_script(html, "translation-editor-heading"),
            "Översättning från svenska till engelska",
        )
        self.assertEqual(
            json_script(html, "translation-editor-more-actions"), "Fler åtgärder"
        )

    def test_every_string_the_translation_editor_asks_for_is_swedish(self):
        self.client.force_login(self.gr_editor)
        catalogue = js_catalogue(
            self.client.get(reverse("wagtail_localize:javascript_catalog"))
        )
        msgids = bundle_msgids()
        self.assertGreater(len(msgids), 40)
        self.assertEqual([m for m in msgids if not catalogue.get(m)], [])

    def test_strings_the_editor_joins_to_a_name_keep_their_space(self):
        # "Publish in " + "engelska": wagtail-localize's Swedish catalogue
        # dropped the space ("Publicera påEnglish").
        self.client.force_login(self.reviewer)
        catalogue = js_catalogue(
            self.client.get(reverse("wagtail_localize:javascript_catalog"))
        )
        self.assertEqual(catalogue["Publish in "], "Publicera på ")
        for msgid in bundle_msgids():
            if msgid.endswith(" "):
                with self.subTest(msgid=msgid):
                    self.assertTrue(catalogue[msgid].endswith(" "))


class CataloguesTests(TestCase):
    def test_admin_js_catalogue_has_swedish_for_wagtails_scripts(self):
        # Served without login: the login page needs it too.
        catalogue = js_catalogue(
            self.client.get(reverse("wagtailadmin_javascript_catalog"))
        )
        self.assertEqual([m for m in ADMIN_JS_MSGIDS if not catalogue.get(m)], [])
        self.assertEqual(catalogue["%(num)s min"], ["%(num)s min", "%(num)s min"])

    def test_wagtails_newer_strings_have_swedish(self):
        with translation.override("sv"):
            untranslated = [m for m in DJANGO_MSGIDS if translation.gettext(m) == m]
        self.assertEqual(untranslated, [])

    def test_language_names_follow_the_interface_language(self):
        swedish = Locale.objects.get(language_code="sv")
        for language, names in (
            ("sv", ["svenska", "engelska"]),
            ("en", ["Swedish", "English"]),
        ):
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(
                    [
                        str(swedish.get_display_name()),
                        str(english().get_display_name()),
                    ],
                    names,
                )

    def test_build_messages_compiles_the_javascript_catalogue_too(self):
        self.assertIn(
            Path(settings.BASE_DIR) / "locale/sv/LC_MESSAGES/djangojs.po",
            message_catalogues(),
        )
