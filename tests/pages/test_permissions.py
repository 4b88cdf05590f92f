"""Who may do what: editor groups per site, GR's review, GR's shared material.

GR's editors edit and publish GR's tree, each member's editors only their own
tree, GR's reviewers approve GR material in the "Granskning GR" workflow.
Material shared from GR reaches the members as aliases, which the members'
editors may not edit, convert, move, unpublish or delete.
"""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from pages.permissions import (
    GR_EDITORS,
    GR_REVIEW_TASK,
    GR_REVIEWERS,
    GR_WORKFLOW,
    SHARED_ALIAS_MESSAGE,
    SHARED_DESCENDANTS_MESSAGE,
    ensure_demo_users,
    ensure_groups,
    refusal,
)
from tests.api.utils import build_tree
from tests.factories import edit_form_data, form_errors, make_resource

MOLNDAL_EDITORS = "Mölndals stad redaktörer"
ALE_EDITORS = "Ale kommun redaktörer"


def user_in(username: str, *group_names: str):
    user = get_user_model().objects.create_user(username=username, password="x")
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


class PermissionTestCase(TestCase):
    """GR with one shared resource, Mölndal and Ale with a local resource each."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.ale = build_tree("ale", "ale.localhost", is_hub=False)
        Site.objects.filter(root_page=cls.molndal["home"]).update(
            site_name="Mölndals stad"
        )
        Site.objects.filter(root_page=cls.ale["home"]).update(site_name="Ale kommun")
        cls.groups = ensure_groups()

        cls.gr_editor = user_in("gr-redaktor", GR_EDITORS)
        cls.reviewer = user_in("gr-granskare", GR_REVIEWERS)
        cls.molndal_editor = user_in("molndal-redaktor", MOLNDAL_EDITORS)
        cls.ale_editor = user_in("ale-redaktor", ALE_EDITORS)
        cls.superuser = get_user_model().objects.create_superuser(
            username="admin", password="x"
        )

        # Publishing GR's resource creates its aliases in both members' trees.
        cls.original = make_resource(
            ArticlePage,
            cls.gr["otillaten-paverkan"],
            title="Delat material",
            slug="delat",
        )
        cls.alias = Page.objects.get(
            alias_of=cls.original, url_path__startswith="/molndal/"
        )
        cls.ale_alias = Page.objects.get(
            alias_of=cls.original, url_path__startswith="/ale/"
        )
        cls.local = make_resource(
            ArticlePage,
            cls.molndal["samverkan"],
            title="Lokalt i Mölndal",
            slug="lokalt",
            share_with="none",
        )
        cls.ale_local = make_resource(
            ArticlePage,
            cls.ale["samverkan"],
            title="Lokalt i Ale",
            slug="ales-eget",
            share_with="none",
        )

    def url(self, name: str, *args) -> str:
        return reverse(f"wagtailadmin_pages:{name}", args=args)

    def messages_of(self, response) -> list[str]:
        return [str(message) for message in get_messages(response.wsgi_request)]

    def assertRefusedWith(self, response, message):
        self.assertEqual(response.status_code, 302)
        self.assertIn(str(message), self.messages_of(response))

    def assertForbidden(self, response):
        """Refused by Wagtail's page permissions (not by the sharing rule).

        Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
        """
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        self.assertNotIn(str(SHARED_ALIAS_MESSAGE), self.messages_of(response))

    def assertAliasUnchanged(self, alias=None):
        alias = alias or self.alias
        current = Page.objects.get(pk=alias.pk)
        self.assertEqual(current.alias_of_id, self.original.pk)
        self.assertEqual(current.get_parent().pk, alias.get_parent().pk)
        self.assertEqual(current.title, alias.title)
        self.assertTrue(current.live)

    def publish_from_editor(self, page, **changes):
        data = edit_form_data(self.client, page)
        data.update(changes)
        data["action-publish"] = "action-publish"
        return self.client.post(self.url("edit", page.pk), data)


class GroupSetupTests(PermissionTestCase):
    def test_one_editor_group_per_site_named_after_the_site_and_a_reviewer_group(
        self,
    ):
        self.assertEqual(
            set(self.groups),
            {GR_EDITORS, GR_REVIEWERS, MOLNDAL_EDITORS, ALE_EDITORS},
        )
        for name in self.groups:
            with self.subTest(group=name):
                group = Group.objects.get(name=name)
                self.assertTrue(
                    group.permissions.filter(codename="access_admin").exists()
                )

    def test_editor_groups_have_page_permissions_on_their_own_home_only(self):
        expected = {
            GR_EDITORS: self.gr["home"],
            MOLNDAL_EDITORS: self.molndal["home"],
            ALE_EDITORS: self.ale["home"],
        }
        for name, home in expected.items():
            with self.subTest(group=name):
                permissions = GroupPagePermission.objects.filter(group__name=name)
                self.assertEqual({p.page_id for p in permissions}, {home.pk})
                self.assertEqual(
                    {p.permission.codename for p in permissions},
                    {"add_page", "change_page", "publish_page"}
                    | {"lock_page", "unlock_page"},
                )
        reviewer_permissions = GroupPagePermission.objects.filter(
            group__name=GR_REVIEWERS
        )
        self.assertEqual(
            {(p.page_id, p.permission.codename) for p in reviewer_permissions},
            {(self.gr["home"].pk, "publish_page")},
        )

    def test_editors_may_upload_and_choose_images_but_only_gr_changes_all_of_them(
        self,
    ):
        def codenames(group_name):
            return set(
                GroupCollectionPermission.objects.filter(
                    group__name=group_name
                ).values_list("permission__codename", flat=True)
            )

        self.assertLessEqual(
            {"add_image", "choose_image", "add_document", "choose_document"},
            codenames(MOLNDAL_EDITORS),
        )
        self.assertNotIn("change_image", codenames(MOLNDAL_EDITORS))
        self.assertIn("change_image", codenames(GR_EDITORS))
        self.assertIn("change_document", codenames(GR_EDITORS))

    def test_gr_review_workflow_has_the_reviewers_task_and_covers_gr_only(self):
        workflow = Workflow.objects.get(name=GR_WORKFLOW)
        [task] = [
            wt.task.specific for wt in WorkflowTask.objects.filter(workflow=workflow)
        ]
        self.assertEqual(task.name, GR_REVIEW_TASK)
        self.assertEqual([g.name for g in task.groups.all()], [GR_REVIEWERS])
        self.assertEqual(
            WorkflowPage.objects.get(page=self.gr["home"]).workflow, workflow
        )
        self.assertEqual(self.original.get_workflow(), workflow)
        self.assertNotEqual(self.local.get_workflow(), workflow)

    def test_ensure_groups_can_run_again_without_changing_anything(self):
        def counts():
            return (
                Group.objects.count(),
                GroupPagePermission.objects.count(),
                GroupCollectionPermission.objects.count(),
                Workflow.objects.count(),
                WorkflowTask.objects.count(),
                WorkflowPage.objects.count(),
                sum(g.permissions.count() for g in Group.objects.all()),
            )

        before = counts()
        ensure_groups()
        ensure_groups()
        self.assertEqual(counts(), before)

    def test_member_editors_get_every_locale_of_their_home_page(self):
        english = Locale.objects.get_or_create(language_code="en")[0]
        home_en = self.molndal["home"].copy_for_translation(english)
        ensure_groups()
        self.assertEqual(
            set(
                GroupPagePermission.objects.filter(
                    group__name=MOLNDAL_EDITORS
                ).values_list("page_id", flat=True)
            ),
            {self.molndal["home"].pk, home_en.pk},
        )
        self.assertTrue(
            home_en.permissions_for_user(
                get_user_model().objects.get(pk=self.molndal_editor.pk)
            ).can_edit()
        )

    def test_demo_users_one_per_group_with_the_given_password(self):
        usernames = ensure_demo_users("demo-losen")
        self.assertEqual(
            usernames,
            ["gr-redaktor", "gr-granskare", "ale-redaktor", "molndal-redaktor"],
        )
        for username, group in [
            ("gr-redaktor", GR_EDITORS),
            ("gr-granskare", GR_REVIEWERS),
            ("ale-redaktor", ALE_EDITORS),
            ("molndal-redaktor", MOLNDAL_EDITORS),
        ]:
            with self.subTest(username=username):
                user = get_user_model().objects.get(username=username)
                self.assertTrue(user.groups.filter(name=group).exists())

    def test_seed_demo_creates_and_lists_the_demo_editor_logins(self):
        get_user_model().objects.filter(username__endswith="-redaktor").delete()
        out = io.StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)
        [line] = [x for x in out.getvalue().splitlines() if "Demo editors" in x]
        for username in ("gr-redaktor", "gr-granskare", "molndal-redaktor"):
            self.assertIn(username, line)
        self.assertTrue(
            self.client.login(username="molndal-redaktor", password="trygghet")
        )
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)

    @override_settings(DEMO_USERS_ALLOWED=False)
    def test_seed_demo_creates_groups_but_no_demo_logins_where_not_allowed(self):
        Group.objects.filter(name=ALE_EDITORS).delete()
        get_user_model().objects.all().delete()
        out = io.StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)
        self.assertTrue(Group.objects.filter(name=ALE_EDITORS).exists())
        self.assertNotIn("Demo editors", out.getvalue())
        self.assertFalse(get_user_model().objects.exists())


class PermissionMatrixTests(PermissionTestCase):
    """page.permissions_for_user: (can_edit, can_publish, can_delete) per group."""

    def test_permission_matrix(self):
        matrix = {
            "gr-redaktor": {
                "original": (True, True, True),
                "alias": (False, False, False),
                "local": (False, False, False),
                "ale_local": (False, False, False),
            },
            # Publish only, so that approving GR's review task can publish.
            "gr-granskare": {
                "original": (False, True, False),
                "alias": (False, False, False),
                "local": (False, False, False),
                "ale_local": (False, False, False),
            },
            "molndal-redaktor": {
                "original": (False, False, False),
                # Mölndal's tree permissions cover the alias; the sharing rule
                # (below and in the admin tests) refuses changing it.
                "alias": (True, True, True),
                "local": (True, True, True),
                "ale_local": (False, False, False),
            },
            "ale-redaktor": {
                "original": (False, False, False),
                "alias": (False, False, False),
                "local": (False, False, False),
                "ale_local": (True, True, True),
            },
        }
        pages = {
            "original": self.original,
            "alias": self.alias,
            "local": self.local,
            "ale_local": self.ale_local,
        }
        for username, row in matrix.items():
            user = get_user_model().objects.get(username=username)
            for page_name, expected in row.items():
                with self.subTest(user=username, page=page_name):
                    perms = pages[page_name].permissions_for_user(user)
                    self.assertEqual(
                        (perms.can_edit(), perms.can_publish(), perms.can_delete()),
                        expected,
                    )

    def test_sharing_rule_refuses_member_editors_only(self):
        self.assertEqual(refusal(self.molndal_editor, self.alias), SHARED_ALIAS_MESSAGE)
        self.assertEqual(refusal(self.ale_editor, self.ale_alias), SHARED_ALIAS_MESSAGE)
        self.assertIsNone(refusal(self.gr_editor, self.alias))
        self.assertIsNone(refusal(self.superuser, self.alias))
        self.assertIsNone(refusal(self.molndal_editor, self.local))
        self.assertIsNone(refusal(self.molndal_editor, self.molndal["samverkan"]))
        self.assertEqual(
            refusal(
                self.molndal_editor,
                self.molndal["otillaten-paverkan"],
                include_descendants=True,
            ),
            SHARED_DESCENDANTS_MESSAGE,
        )


class MemberEditorAdminTests(PermissionTestCase):
    def setUp(self):
        self.client.force_login(self.molndal_editor)

    def test_member_editor_can_edit_and_publish_its_own_local_page(self):
        self.assertEqual(
            self.client.get(self.url("edit", self.local.pk)).status_code, 200
        )
        response = self.publish_from_editor(self.local, title="Lokalt, uppdaterat")
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.local.refresh_from_db()
        self.assertEqual(self.local.title, "Lokalt, uppdaterat")
        self.assertTrue(self.local.live)

    def test_member_editor_can_delete_its_own_local_page(self):
        response = self.client.post(self.url("delete", self.local.pk))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk=self.local.pk).exists())

    def test_member_editor_cannot_edit_grs_original(self):
        self.assertForbidden(self.client.get(self.url("edit", self.original.pk)))
        self.assertForbidden(
            self.client.post(self.url("edit", self.original.pk), {"title": "Kapat"})
        )
        self.original.refresh_from_db()
        self.assertEqual(self.original.title, "Delat material")

    def test_member_editor_cannot_edit_or_delete_another_members_page(self):
        self.assertForbidden(self.client.get(self.url("edit", self.ale_local.pk)))
        self.assertForbidden(self.client.post(self.url("delete", self.ale_local.pk)))
        self.assertTrue(Page.objects.filter(pk=self.ale_local.pk).exists())

    def test_member_editor_sees_the_alias_with_hide_but_cannot_change_it(self):
        response = self.client.get(self.url("edit", self.alias.pk))
        self.assertContains(response, "Dölj på vår webbplats")
        self.assertNotContains(response, "Redigera originalet")
        self.assertNotContains(response, self.url("convert_alias", self.alias.pk))
        response = self.client.post(
            self.url("edit", self.alias.pk), {"title": "Ändrad"}
        )
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertEqual(
            response["Location"],
            reverse(
                "wagtailadmin_explore", args=[self.molndal["otillaten-paverkan"].pk]
            ),
        )
        self.assertAliasUnchanged()

    def test_member_editor_can_hide_the_shared_alias_on_its_own_site(self):
        response = self.client.post(reverse("pages_sharing_hide", args=[self.alias.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk=self.alias.pk).exists())
        self.assertTrue(
            self.original.sharing_opt_outs.filter(site__slug="molndal").exists()
        )

    def test_member_editor_cannot_convert_the_shared_alias_into_a_local_page(self):
        self.assertRefusedWith(
            self.client.get(self.url("convert_alias", self.alias.pk)),
            SHARED_ALIAS_MESSAGE,
        )
        response = self.client.post(self.url("convert_alias", self.alias.pk))
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()

    def test_member_editor_cannot_delete_the_shared_alias(self):
        response = self.client.post(self.url("delete", self.alias.pk))
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()

    def test_member_editor_cannot_move_the_shared_alias(self):
        destination = self.molndal["samverkan"]
        url = self.url("move_confirm", self.alias.pk, destination.pk)
        self.assertRefusedWith(self.client.get(url), SHARED_ALIAS_MESSAGE)
        self.assertRefusedWith(self.client.post(url), SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()

    def test_member_editor_cannot_unpublish_the_shared_alias(self):
        response = self.client.post(self.url("unpublish", self.alias.pk))
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()

    def test_member_editor_cannot_move_its_topic_that_holds_shared_material(self):
        topic = self.molndal["otillaten-paverkan"]
        destination = self.molndal["trygghetsskapande"]
        response = self.client.post(self.url("move_confirm", topic.pk, destination.pk))
        self.assertRefusedWith(response, SHARED_DESCENDANTS_MESSAGE)
        self.assertEqual(
            Page.objects.get(pk=topic.pk).get_parent().pk,
            self.molndal["motverka-brott"].pk,
        )
        self.assertAliasUnchanged()

    def bulk(self, action: str, pages, data=None):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        query = "&".join(f"id={page.pk}" for page in pages)
        return self.client.post(f"{url}?{query}", data or {})

    def test_bulk_delete_including_the_shared_alias_deletes_nothing(self):
        response = self.bulk("delete", [self.local, self.alias])
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()
        self.assertTrue(Page.objects.filter(pk=self.local.pk).exists())

    def test_bulk_move_of_the_shared_alias_is_refused(self):
        destination = self.molndal["samverkan"]
        response = self.bulk("move", [self.alias], {"chooser": destination.pk})
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()

    def test_bulk_unpublish_of_the_shared_alias_is_refused(self):
        response = self.bulk("unpublish", [self.alias])
        self.assertRefusedWith(response, SHARED_ALIAS_MESSAGE)
        self.assertAliasUnchanged()

    def test_bulk_delete_of_local_pages_still_works(self):
        response = self.bulk("delete", [self.local])
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(str(SHARED_ALIAS_MESSAGE), self.messages_of(response))
        self.assertFalse(Page.objects.filter(pk=self.local.pk).exists())


class GrAndSuperuserAdminTests(PermissionTestCase):
    def test_gr_editor_can_edit_and_publish_the_original_and_aliases_follow(self):
        self.client.force_login(self.gr_editor)
        self.assertEqual(
            self.client.get(self.url("edit", self.original.pk)).status_code, 200
        )
        response = self.publish_from_editor(self.original, title="Nytt namn")
        self.assertEqual(response.status_code, 302, form_errors(response))
        self.assertEqual(Page.objects.get(pk=self.original.pk).title, "Nytt namn")
        self.assertEqual(Page.objects.get(pk=self.alias.pk).title, "Nytt namn")

    def test_gr_editor_cannot_edit_a_members_local_page(self):
        self.client.force_login(self.gr_editor)
        self.assertForbidden(self.client.get(self.url("edit", self.local.pk)))

    def test_gr_editor_with_a_members_tree_may_convert_the_alias(self):
        both = user_in("gr-och-molndal", GR_EDITORS, MOLNDAL_EDITORS)
        self.client.force_login(both)
        response = self.client.post(self.url("convert_alias", self.alias.pk))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(str(SHARED_ALIAS_MESSAGE), self.messages_of(response))
        self.assertIsNone(Page.objects.get(pk=self.alias.pk).alias_of_id)

    def test_superuser_may_open_move_and_delete_the_alias(self):
        self.client.force_login(self.superuser)
        self.assertEqual(
            self.client.get(self.url("edit", self.alias.pk)).status_code, 200
        )
        destination = self.molndal["samverkan"]
        response = self.client.post(
            self.url("move_confirm", self.alias.pk, destination.pk)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Page.objects.get(pk=self.alias.pk).get_parent().pk, destination.pk
        )
        response = self.client.post(self.url("delete", self.alias.pk))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk=self.alias.pk).exists())


class ReviewWorkflowTests(PermissionTestCase):
    def test_gr_reviewer_approves_a_submitted_page_and_it_goes_live_and_is_shared(
        self,
    ):
        draft = make_resource(
            ArticlePage,
            self.gr["organiserad-brottslighet"],
            publish=False,
            title="Utkast",
            slug="utkast",
        )
        self.assertFalse(draft.permissions_for_user(self.reviewer).can_edit())

        self.client.force_login(self.gr_editor)
        data = edit_form_data(self.client, draft)
        data["action-submit"] = "action-submit"
        response = self.client.post(self.url("edit", draft.pk), data)
        self.assertEqual(response.status_code, 302, form_errors(response))
        draft.refresh_from_db()
        self.assertFalse(draft.live)
        task_state = TaskState.objects.get(
            workflow_state__object_id=str(draft.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        self.assertEqual(task_state.task.name, GR_REVIEW_TASK)

        # A member's editor cannot approve GR's material.
        self.client.force_login(self.molndal_editor)
        url = self.url("workflow_action", draft.pk, "approve", task_state.pk)
        self.client.post(url, {"comment": ""})
        draft.refresh_from_db()
        self.assertFalse(draft.live)

        self.client.force_login(self.reviewer)
        reviewer_perms = Page.objects.get(pk=draft.pk).permissions_for_user(
            get_user_model().objects.get(pk=self.reviewer.pk)
        )
        self.assertTrue(reviewer_perms.can_edit())  # while the task is theirs
        response = self.client.post(url, {"comment": ""})
        self.assertEqual(response.status_code, 302)
        draft.refresh_from_db()
        task_state.refresh_from_db()
        self.assertTrue(draft.live)
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, TaskState.STATUS_APPROVED)
        self.assertEqual(
            set(Page.objects.filter(alias_of=draft).values_list("url_path", flat=True)),
            {"/molndal/motverka-brott/organiserad-brottslighet/utkast/"}
            | {"/ale/motverka-brott/organiserad-brottslighet/utkast/"},
        )

    def test_gr_editor_can_still_publish_directly(self):
        self.client.force_login(self.gr_editor)
        draft = make_resource(
            ArticlePage, self.gr["samverkan"], publish=False, slug="direkt"
        )
        response = self.publish_from_editor(draft)
        self.assertEqual(response.status_code, 302, form_errors(response))
        draft.refresh_from_db()
        self.assertTrue(draft.live)
