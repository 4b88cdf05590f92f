"""GR's review workflow: editors submit, "GR granskare" approve, approval publishes."""

from django.contrib.auth import get_user_model

from wagtail.models import Page, TaskState

from pages.models import ArticlePage
from pages.permissions import GR_REVIEW_TASK
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

    def test_gr_reviewer_cannot_publish_or_unpublish_outside_the_workflow(self):
        self.client.force_login(self.reviewer)
        draft = make_resource(
            ArticlePage, self.gr["samverkan"], publish=False, slug="ogranskad"
        )
        self.assertForbidden(self.client.get(self.url("edit", draft.pk)))
        self.assertForbidden(
            self.client.post(
                self.url("edit", draft.pk),
                {"title": "Ogranskad", "action-publish": "action-publish"},
            )
        )
        self.assertForbidden(self.client.post(self.url("unpublish", self.original.pk)))
        draft.refresh_from_db()
        self.assertFalse(draft.live)
        self.assertTrue(Page.objects.get(pk=self.original.pk).live)
