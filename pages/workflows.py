"""What happens when GR's review workflow approves a page.

Wagtail imports this module while it defines its own models
(WAGTAIL_FINISH_WORKFLOW_ACTION), so it must not import wagtail.models.
"""


def publish_approved_revision(workflow_state, user=None) -> None:
    """Publish the approved revision, as the reviewer who approved it.

    Wagtail's default (wagtail.workflows.publish_workflow_state) checks that
    the approving user may publish the page, which would mean giving GR's
    reviewers publish permission on GR's whole tree, to use at will. The
    approval is the permission: Wagtail only lets a user approve a task
    assigned to them (GroupApprovalTask checks their group).
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
