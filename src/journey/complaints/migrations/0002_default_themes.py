"""The council's starting list of themes for complaint elements and compliments (editable in
administration)."""

from django.db import migrations

THEMES = [
    "Communication",
    "Delay",
    "Decisions",
    "Staff conduct",
    "Access to services (for example CAMHS)",
    "Assessment and planning",
    "Contact and family time",
    "Information sharing and records",
    "Quality of service",
    "Other",
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("complaints", "Theme")
    for order, name in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
