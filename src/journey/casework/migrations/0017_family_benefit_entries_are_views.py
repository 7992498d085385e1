"""The family's evidence of the benefit of help is on the chronology as views from the family
(EntryKind.VIEWS), where it was first written as a case note."""

from django.db import migrations


def as_views(apps, schema_editor):
    entries = apps.get_model("chronology", "ChronologyEntry").objects
    entries.filter(source_app="casework", source_model="familybenefit").update(kind="views")


def as_case_notes(apps, schema_editor):
    entries = apps.get_model("chronology", "ChronologyEntry").objects
    entries.filter(source_app="casework", source_model="familybenefit").update(kind="case_note")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0016_meeting_and_panel_views"),
        ("chronology", "0013_views_entries"),
    ]

    operations = [migrations.RunPython(as_views, as_case_notes)]
