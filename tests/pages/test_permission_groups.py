"""The editor and reviewer groups, GR's review workflow and the demo logins."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from pages.models import SiteProfile
from pages.permissions import (
    GR_EDITORS,
    GR_REVIEW_TASK,
    GR_REVIEWERS,
    GR_TRANSLATORS,
    GR_WORKFLOW,
    STOCK_GROUPS,
    STOCK_WORKFLOW,
    ensure_demo_users,
    ensure_groups,
)
from tests.api.utils import build_tree
from tests.pages.permission_cases import (
    ALE_EDITORS,
    MOLNDAL_EDITORS,
    PermissionTestCase,
)


class GroupSetupTests(PermissionTestCase):
    def test_one_editor_group_per_site_named_after_the_site_and_a_reviewer_group(
        self,
    ):
        self.assertEqual(
            set(self.groups),
            {GR_EDITORS, GR_REVIEWERS, GR_TRANSLATORS, MOLNDAL_EDITORS, ALE_EDITORS},
        )
        for name in self.groups:
            with self.subTest(group=name):
                group = Group.objects.get(name=name)
                self.assertTrue(
                    group.permissions.filter(codename="access_admin").exists()
                )

    def test_each_group_has_the_page_permissions_of_its_job_on_its_own_home_only(
        self,
    ):
        expected = {
            # GR's editors submit to review; only reviewers publish GR material.
            GR_EDITORS: (self.gr["home"], {"add", "change", "lock", "unlock"}),
            GR_REVIEWERS: (self.gr["home"], {"change", "publish", "lock", "unlock"}),
            GR_TRANSLATORS: (self.gr["home"], {"change"}),
            MOLNDAL_EDITORS: (
                self.molndal["home"],
                {"add", "change", "publish", "lock", "unlock"},
            ),
            ALE_EDITORS: (
                self.ale["home"],
                {"add", "change", "publish", "lock", "unlock"},
            ),
        }
        for name, (home, actions) in expected.items():
            with self.subTest(group=name):
                permissions = GroupPagePermission.objects.filter(group__name=name)
                self.assertEqual({p.page_id for p in permissions}, {home.pk})
                self.assertEqual(
                    {p.permission.codename for p in permissions},
                    {f"{action}_page" for action in actions},
                )

    def test_gr_editors_and_translators_may_submit_pages_for_translation(self):
        for name, allowed in [
            (GR_EDITORS, True),
            (GR_TRANSLATORS, True),
            (GR_REVIEWERS, False),
            (MOLNDAL_EDITORS, False),
        ]:
            with self.subTest(group=name):
                group = Group.objects.get(name=name)
                self.assertEqual(
                    group.permissions.filter(codename="submit_translation").exists(),
                    allowed,
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

    def test_ensure_groups_withdraws_the_publish_permission_gr_editors_once_had(
        self,
    ):
        GroupPagePermission.objects.create(
            group=self.groups[GR_EDITORS],
            page=self.gr["home"],
            permission=Permission.objects.get(codename="publish_page"),
        )
        ensure_groups()
        self.assertFalse(
            GroupPagePermission.objects.filter(
                group__name=GR_EDITORS, permission__codename="publish_page"
            ).exists()
        )

    def stock_setup(self):
        """What Wagtail's own migrations create for a site of its own: the
        "Moderators approval" workflow on the root page, its task assigned
        to the "Moderators" group, and the "Editors" group."""
        moderators = Group.objects.create(name="Moderators")
        Group.objects.create(name="Editors")
        stock = Workflow.objects.create(name=STOCK_WORKFLOW)
        task = GroupApprovalTask.objects.create(name=STOCK_WORKFLOW)
        task.groups.add(moderators)
        WorkflowTask.objects.create(workflow=stock, task=task, sort_order=0)
        root = self.gr["home"].get_parent()
        WorkflowPage.objects.create(page=root, workflow=stock)
        return stock, task

    def test_the_migrations_leave_no_stock_workflow_or_stock_groups(self):
        self.assertFalse(Workflow.objects.filter(name=STOCK_WORKFLOW).exists())
        self.assertFalse(Task.objects.filter(name=STOCK_WORKFLOW).exists())
        self.assertFalse(Group.objects.filter(name__in=STOCK_GROUPS).exists())

    def test_members_do_not_inherit_wagtails_moderators_workflow_from_the_root(
        self,
    ):
        stock, task = self.stock_setup()
        self.assertEqual(self.local.get_workflow(), stock)
        ensure_groups()
        self.assertIsNone(type(self.local).objects.get(pk=self.local.pk).get_workflow())
        self.assertEqual(self.original.get_workflow().name, GR_WORKFLOW)
        # Unused, so gone, with the groups that had rights over every tree.
        self.assertFalse(Workflow.objects.filter(pk=stock.pk).exists())
        self.assertFalse(Task.objects.filter(pk=task.pk).exists())
        self.assertFalse(Group.objects.filter(name__in=STOCK_GROUPS).exists())

    def test_a_stock_workflow_or_group_in_use_is_kept(self):
        stock, task = self.stock_setup()
        self.local.get_workflow().start(self.local, self.superuser)
        get_user_model().objects.create_user("kvar").groups.add(
            Group.objects.get(name="Editors")
        )
        ensure_groups()
        # Detached, but its history and its task's group stay.
        self.assertIsNone(type(self.local).objects.get(pk=self.local.pk).get_workflow())
        self.assertTrue(Workflow.objects.filter(pk=stock.pk).exists())
        self.assertEqual(
            set(
                Group.objects.filter(name__in=STOCK_GROUPS).values_list(
                    "name", flat=True
                )
            ),
            {"Moderators", "Editors"},
        )

    def test_a_member_site_added_later_gets_its_editor_group(self):
        with self.captureOnCommitCallbacks(execute=True):
            tjorn = build_tree("tjorn", "tjorn.localhost", is_hub=False)
        site = SiteProfile.objects.get(slug="tjorn").site
        group = Group.objects.get(name=f"{site.site_name} redaktörer")
        self.assertEqual(
            set(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission__codename"
                )
            ),
            {
                (tjorn["home"].pk, f"{action}_page")
                for action in ("add", "change", "publish", "lock", "unlock")
            },
        )

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
            [
                "gr-redaktor",
                "gr-granskare",
                "gr-oversattare",
                "ale-redaktor",
                "molndal-redaktor",
            ],
        )
        for username, group in [
            ("gr-redaktor", GR_EDITORS),
            ("gr-granskare", GR_REVIEWERS),
            ("gr-oversattare", GR_TRANSLATORS),
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
        for username in (
            "gr-redaktor",
            "gr-granskare",
            "gr-oversattare",
            "molndal-redaktor",
        ):
            self.assertIn(username, line)
        # Through the login page: client.login() has no request for django-axes.
        response = self.client.post(
            reverse("wagtailadmin_login"),
            {"username": "molndal-redaktor", "password": "trygghet"},
        )
        self.assertRedirects(response, reverse("wagtailadmin_home"))
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
