"""GR's review workflow, and retiring what Wagtail's migrations set up.

Wagtail's own migrations create a "Moderators approval" workflow on the root
page and the stock groups "Moderators" and "Editors"; nothing here uses
them. ensure_groups (groups.py) attaches GR's workflow and retires those;
pages/migrations/0007 runs retire_stock_setup with its own model registry.
"""

import functools

from django.apps import apps as installed_apps
from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from .definitions import GR_REVIEW_TASK, GR_WORKFLOW, STOCK_GROUPS, STOCK_WORKFLOW


def gr_workflow(reviewers: Group, hub_homes: list[Page]) -> Workflow:
    """GR's review workflow: one task for "GR granskare", on GR's home pages.

    A home page that an administrator has given another workflow keeps it.
    """
    workflow, _created = Workflow.objects.get_or_create(name=GR_WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=GR_REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=GR_REVIEW_TASK)
    task.groups.add(reviewers)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow,
            task=task,
            sort_order=WorkflowTask.objects.filter(workflow=workflow).count(),
        )
    for home in hub_homes:
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def detach_stock_workflow() -> None:
    """Take Wagtail's own "Moderators approval" off the root page.

    Wagtail's migrations attach it to the root, so every member's tree
    inherits it, assigned to the stock "Moderators" group that nobody here is
    in: a member editor's submission would wait for ever. Members publish
    directly; a workflow an administrator attaches to the root, or to a
    member's home page, is left alone.
    """
    WorkflowPage.objects.filter(page__depth=1, workflow__name=STOCK_WORKFLOW).delete()


def retire_stock_setup(apps=None) -> None:
    """Remove what Wagtail's migrations set up for a site of its own and
    nothing here uses: the "Moderators approval" workflow and its task once
    they are attached nowhere and were never used, and the empty stock
    groups "Moderators" and "Editors", whose rights cover all 14 sites'
    trees (adding a user to "Editors" would let them publish on every
    site). They also showed in the Swedish admin under English names.

    Anything in use is left alone: a workflow with history, a task another
    workflow uses, a group with members or an approval task. `apps` is a
    migration's model registry (pages/migrations/0007), the current models
    otherwise.
    """
    if apps is None:
        apps = installed_apps
    model = functools.partial(apps.get_model, "wagtailcore")
    Group = apps.get_model("auth", "Group")
    for workflow in model("Workflow").objects.filter(name=STOCK_WORKFLOW):
        in_use = (
            model("WorkflowPage").objects.filter(workflow=workflow).exists()
            or model("WorkflowContentType").objects.filter(workflow=workflow).exists()
            or model("WorkflowState").objects.filter(workflow=workflow).exists()
        )
        if in_use:
            continue
        task_ids = list(
            model("WorkflowTask")
            .objects.filter(workflow=workflow)
            .values_list("task_id", flat=True)
        )
        workflow.delete()
        for task in model("Task").objects.filter(pk__in=task_ids):
            used = (
                model("WorkflowTask").objects.filter(task=task).exists()
                or model("TaskState").objects.filter(task=task).exists()
            )
            if not used:
                task.delete()
    Group.objects.filter(
        name__in=STOCK_GROUPS,
        user__isnull=True,
        groupapprovaltask__isnull=True,
    ).delete()
