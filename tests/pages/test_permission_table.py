"""The README's table "Who may do what", checked cell by cell.

The table is read from README.md; every cell becomes tests, one per site:
each action is tried through the admin's HTTP views as the demo user of
that group, on a page of GR's site, of the user's own member site
(Mölndal) and of another member's (Ale), and must succeed exactly where the
cell says so. A change to the table or to the permissions that makes them
disagree fails here.
"""

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from wagtail.models import Page, WorkflowState

from pages import trash
from pages.models import ArticlePage
from pages.permissions import GR_EDITORS, GR_REVIEWERS, GR_TRANSLATORS
from tests.factories import edit_form_data, make_resource
from tests.pages.permission_cases import MOLNDAL_EDITORS, PermissionTestCase, user_in

README = Path(__file__).resolve().parents[2] / "README.md"
SITES = ("gr", "own", "other")
# What a cell says, as the sites where the action is allowed.
CELLS = {
    "GR": {"gr"},
    "own site": {"own"},
    # The pages tried are live: test_gr_editors_may_delete_drafts_only.
    "GR drafts": set(),
    "—": set(),
}
GROUPS = {
    "GR redaktörer": GR_EDITORS,
    "GR granskare": GR_REVIEWERS,
    "GR översättare": GR_TRANSLATORS,
    "*Kommun* redaktörer": MOLNDAL_EDITORS,
}


def read_table() -> dict[str, dict[str, str]]:
    """{group row: {column: cell}} of the table under "## Who may do what"."""
    text = README.read_text()
    section = text.split("## Who may do what", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|") and not re.match(r"^\|[\s|-]+\|$", line)
    ]
    header, *body = rows
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body}


TABLE = read_table()


class PermissionTableTests(PermissionTestCase):
    """Built from the table at import; the methods are made below the class."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.translator = user_in("gr-oversattare", GR_TRANSLATORS)
        cls.users = {
            GR_EDITORS: cls.gr_editor,
            GR_REVIEWERS: cls.reviewer,
            GR_TRANSLATORS: cls.translator,
            MOLNDAL_EDITORS: cls.molndal_editor,
        }
        # A live leaf resource on each site (GR's is shared: it has aliases).
        cls.pages = {"gr": cls.original, "own": cls.local, "other": cls.ale_local}
        cls.aliases = {"own": cls.alias, "other": cls.ale_alias}

    def setUp(self):
        self.admin_client = Client()
        self.admin_client.force_login(self.superuser)

    # --- helpers --------------------------------------------------------------

    def as_user(self, group: str) -> Client:
        client = Client()
        client.force_login(self.users[group])
        return client

    def url(self, name: str, *args) -> str:
        return reverse(f"wagtailadmin_pages:{name}", args=args)

    def latest(self, page: Page):
        return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()

    def post_edit(self, client: Client, page: Page, **changes):
        # The form as the admin shows it (to a superuser: a refused user
        # cannot open it), posted by the user under test.
        data = edit_form_data(self.admin_client, page)
        data.update(changes)
        return client.post(self.url("edit", page.pk), data)

    # --- the actions: each returns whether it took effect ----------------------

    def do_create(self, client, page):
        parent = page.get_parent()
        url = self.url("add", "pages", "articlepage", parent.pk)
        return client.get(url).status_code == 200

    def do_edit(self, client, page):
        self.post_edit(client, page, title="Ändrad titel")
        return self.latest(page).title == "Ändrad titel"

    def do_submit_for_review(self, client, page):
        self.post_edit(client, page, title="Inlämnad", **{"action-submit": "1"})
        return WorkflowState.objects.filter(
            base_content_type__isnull=False,
            object_id=str(page.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).exists()

    def do_approve(self, client, page):
        workflow = page.get_workflow()
        if workflow is None:
            return False  # nothing can be waiting for approval there
        self.post_edit(self.admin_client, page, title="Granskad")
        state = workflow.start(page, self.superuser)
        task_state = state.current_task_state
        client.post(
            self.url("workflow_action", page.pk, "approve", task_state.pk),
            {"comment": ""},
        )
        return Page.objects.get(pk=page.pk).title == "Granskad"

    def do_publish(self, client, page):
        self.post_edit(client, page, title="Publicerad", **{"action-publish": "1"})
        return Page.objects.get(pk=page.pk).title == "Publicerad"

    def do_unpublish(self, client, page):
        client.post(self.url("unpublish", page.pk))
        return not Page.objects.get(pk=page.pk).live

    def do_translate(self, client, page):
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        return client.get(url).status_code == 200

    def do_share(self, client, page):
        """The edit view offers the "Dela med" tab, and a change in it is saved."""
        response = client.get(self.url("edit", page.pk))
        if response.status_code != 200 or b'name="share_with"' not in response.content:
            return False
        wanted = "all" if self.latest(page).share_with == "none" else "none"
        self.post_edit(client, page, share_with=wanted)
        return self.latest(page).share_with == wanted

    def do_hide_shared(self, client, page):
        site = next(name for name, p in self.pages.items() if p.pk == page.pk)
        alias = self.aliases.get(site, page)
        client.post(reverse("pages_sharing_hide", args=[alias.pk]))
        return not Page.objects.filter(pk=alias.pk).exists()

    def do_delete(self, client, page):
        """Deleted: gone for good, or (a resource) in the trash."""
        client.post(self.url("delete", page.pk))
        remaining = Page.objects.filter(pk=page.pk).first()
        return remaining is None or trash.in_trash(remaining)

    def check(self, group: str, column: str, site: str) -> None:
        allowed = site in CELLS[TABLE_CELL[group, column]]
        action = getattr(self, "do_" + column.replace(" ", "_"))
        done = action(self.as_user(GROUPS[group]), self.pages[site])
        self.assertEqual(
            done,
            allowed,
            f"{group} / {column} on {site}: the README says "
            f"{'allowed' if allowed else 'refused'}, the admin "
            f"{'allowed' if done else 'refused'} it",
        )

    def test_the_table_names_every_group_and_only_known_cells(self):
        self.assertEqual(set(TABLE), set(GROUPS))
        cells = {cell for row in TABLE.values() for cell in row.values()}
        self.assertLessEqual(cells, set(CELLS))

    def test_gr_editors_may_delete_drafts_only(self):
        self.assertEqual(TABLE["GR redaktörer"]["delete"], "GR drafts")
        client = self.as_user("GR redaktörer")
        draft = make_resource(
            ArticlePage, self.gr["samverkan"], publish=False, slug="utkast"
        )
        self.assertTrue(self.do_delete(client, draft))
        self.assertFalse(self.do_delete(client, self.original))


TABLE_CELL = {
    (group, column): cell
    for group, row in TABLE.items()
    for column, cell in row.items()
}


def _make_test(group: str, column: str, site: str):
    def test(self):
        self.check(group, column, site)

    return test


for (_group, _column), _cell in TABLE_CELL.items():
    for _site in SITES:
        _name = re.sub(r"\W+", "_", f"test_{_group}_{_column}_{_site}".lower())
        setattr(PermissionTableTests, _name, _make_test(_group, _column, _site))
