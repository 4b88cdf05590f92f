"""Apply the editorial model (pages/permissions/) to an existing installation.

GR's editors lose publish (they submit to Granskning GR), GR's reviewers get
change and publish, the GR översättare group appears, and Wagtail's stock
"Moderators approval" workflow comes off the root page, where it left every
member's submissions waiting for a group nobody is in.

A new database has no sites yet at this point: seed_demo or
`manage.py setup_groups` sets the groups up once the sites exist, so only
the workflow is detached here. An existing one gets `ensure_groups`, the
same code as `setup_groups`, run once; it reads the current models on
purpose (the groups span wagtailcore, auth and wagtail-localize), so if a
later change to those models breaks it, make this migration a no-op.
"""

from django.db import migrations

from pages.permissions import ensure_groups


def apply_editorial_model(apps, schema_editor):
    SiteProfile = apps.get_model("pages", "SiteProfile")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(
        page__depth=1, workflow__name="Moderators approval"
    ).delete()
    Permission = apps.get_model("auth", "Permission")
    has_translate_permission = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).exists()
    if SiteProfile.objects.filter(slug__isnull=False).exists():
        if not has_translate_permission:
            return  # permissions come after migrating: setup_groups does it
        ensure_groups()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_sharing_sync"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RunPython(apply_editorial_model, migrations.RunPython.noop),
    ]
