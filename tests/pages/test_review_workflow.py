"""GR's review workflow: editors submit, "GR granskare" approve, approval publishes."""

from django.contrib.auth import get_user_model

from wagtail.models import Page, TaskState

from pages.models import ArticlePage
from pages.permissions import GR_REVIEW_NOTICE, GR_REVIEW_TASK
from tests.factories import edit_form_data, form_errors, make_resource
from tests.pages.permission_cases import PermissionTestCase


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

        # A client of their own: the refusal above is still in the cookies.
        self.client = self.client_class()
        self.client.force_login(self.reviewer)
        reviewer_perms = Page.objects.get(pk=draft.pk).permissions_for_user(
            get_user_model().objects.get(pk=self.reviewer.pk)
        )
        self.assertTrue(reviewer_perms.can_edit())  # while the task is theirs
        response = self.client.post(url, {"comment": ""}, follow=True)
        # The reviewer lands on a page of the admin, without an error.
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [
                m.level_tag
                for m in response.context["messages"]
                if m.level_tag == "error"
            ],
            [],
        )
        self.assertNotContains(response, "saknar rättigheter")
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

    def test_gr_editor_cannot_publish_and_the_editor_says_gr_material_is_reviewed(
        self,
    ):
        self.client.force_login(self.gr_editor)
        draft = make_resource(
            ArticlePage, self.gr["samverkan"], publish=False, slug="direkt"
        )
        response = self.client.get(self.url("edit", draft.pk))
        self.assertContains(response, str(GR_REVIEW_NOTICE)[:40])
        self.assertNotContains(response, 'name="action-publish"')
        self.assertContains(response, 'name="action-submit"')
        self.publish_from_editor(draft)
        draft.refresh_from_db()
        self.assertFalse(draft.live)

    def test_a_new_gr_page_says_so_too(self):
        self.client.force_login(self.gr_editor)
        response = self.client.get(
            self.url("add", "pages", "articlepage", self.gr["samverkan"].pk)
        )
        self.assertContains(response, str(GR_REVIEW_NOTICE)[:40])
        self.assertNotContains(response, 'name="action-publish"')

    def test_gr_reviewer_may_publish_and_unpublish_gr_material(self):
        self.client.force_login(self.reviewer)
        draft = make_resource(
            ArticlePage, self.gr["samverkan"], publish=False, slug="granskad"
        )
        response = self.publish_from_editor(draft)
        self.assertEqual(response.status_code, 302, form_errors(response))
        draft.refresh_from_db()
        self.assertTrue(draft.live)
        response = self.client.post(self.url("unpublish", self.original.pk))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.get(pk=self.original.pk).live)
