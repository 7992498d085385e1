"""The views recorded before the choices keep their words and gain how they were obtained.

- A meeting's "why the child's views were not sought" became its reason they were not obtained
  (the field was renamed in 0013, so the words are where they were): it is marked "not obtained".
- A CAF's free-text "how the child's views were obtained" stays as written (`child_views_how`);
  where its words name one of the ways, that way is chosen. Nothing else is guessed.
- A visit's "child's words" were renamed to its child's views in 0013.
"""

from django.db import migrations

#: Words in the free text, and the way they name (first match wins; talk is last: "talked
#: through her drawing" was drawing).
KEYWORDS = (
    ("advocate", "advocate"),
    ("draw", "play"),
    ("play", "play"),
    ("puppet", "play"),
    ("app", "tool"),
    ("tool", "tool"),
    ("three houses", "tool"),
    ("wishes and feelings", "tool"),
    ("mind of my own", "tool"),
    ("talk", "talking"),
    ("convers", "talking"),
    ("spoke", "talking"),
    ("said", "talking"),
)


def method_from(text: str) -> str:
    text = text.lower()
    for word, method in KEYWORDS:
        if word in text:
            return method
    return ""


def forwards(apps, schema_editor):
    Meeting = apps.get_model("casework", "Meeting")
    Meeting.objects.filter(child_views="").exclude(child_views_not_obtained="").update(
        child_views_method="not_obtained"
    )
    Assessment = apps.get_model("casework", "Assessment")
    changed = []
    for assessment in (
        Assessment.objects.exclude(child_views="")
        .exclude(child_views_how="")
        .filter(child_views_method="")
        .only("pk", "child_views_how")
        .iterator(chunk_size=2000)
    ):
        method = method_from(assessment.child_views_how)
        if method:
            assessment.child_views_method = method
            changed.append(assessment)
    Assessment.objects.bulk_update(changed, ["child_views_method"], batch_size=2000)


def backwards(apps, schema_editor):
    """The choices go; the words were never moved."""
    apps.get_model("casework", "Meeting").objects.update(child_views_method="")
    apps.get_model("casework", "Assessment").objects.update(child_views_method="")


class Migration(migrations.Migration):
    dependencies = [("casework", "0013_child_views_everywhere")]

    operations = [migrations.RunPython(forwards, backwards)]
