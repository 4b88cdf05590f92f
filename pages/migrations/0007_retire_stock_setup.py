"""Remove Wagtail's stock "Moderators approval" workflow (detached by 0006)
and the empty stock groups "Moderators" and "Editors": unused here, English
in the Swedish admin, and the groups' rights span every site's tree.
Anything in use stays (pages/permissions/, retire_stock_setup)."""

from django.db import migrations

from pages.permissions import retire_stock_setup


def retire(apps, schema_editor):
    retire_stock_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0006_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(retire, migrations.RunPython.noop),
    ]
