"""The views recorded before the choices keep their words and gain how they were obtained.

- A meeting's "why the child's views were not sought" became its reason they were not obtained
  (the field was renamed in 0013, so the words are where they were): it is marked "not obtained".
- A CAF's free-text "how the child's views were obtained" stays as written (`child_views_how`);
  where its words name one of the ways, that way is chosen. Nothing else is guessed.
- A visit's "child's words" were renamed to its child's views in 0013.
- A plan takes the views given at the meeting that made it (a TAF or a conference held in the
  work on the day it started), copied: the meeting keeps its own.
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
    _plans_take_their_meetings_views(apps)


VIEWS = ("child_views", "child_views_method", "child_views_not_obtained", "parent_views")


def _plans_take_their_meetings_views(apps) -> None:
    Plan = apps.get_model("casework", "Plan")
    Meeting = apps.get_model("casework", "Meeting")
    plans = Plan.objects.filter(child_views="", child_views_not_obtained="").only(
        "pk", "episode_id", "started_on"
    )
    made_by = {}
    for meeting in (
        Meeting.objects.filter(kind__in=["taf", "icpc"])
        .exclude(child_views="", child_views_not_obtained="")
        .order_by("pk")
        .values("episode_id", "held_on", *VIEWS)
        .iterator(chunk_size=2000)
    ):
        made_by.setdefault((meeting["episode_id"], meeting["held_on"]), meeting)
    changed = []
    for plan in plans.iterator(chunk_size=2000):
        meeting = made_by.get((plan.episode_id, plan.started_on))
        if meeting:
            for name in VIEWS:
                setattr(plan, name, meeting[name])
            changed.append(plan)
    Plan.objects.bulk_update(changed, list(VIEWS), batch_size=2000)


def backwards(apps, schema_editor):
    """The choices go; the words were never moved."""
    apps.get_model("casework", "Meeting").objects.update(child_views_method="")
    apps.get_model("casework", "Assessment").objects.update(child_views_method="")
    apps.get_model("casework", "Plan").objects.update(
        child_views="", child_views_method="", child_views_not_obtained="", parent_views=""
    )


class Migration(migrations.Migration):
    dependencies = [("casework", "0013_child_views_everywhere")]

    operations = [migrations.RunPython(forwards, backwards)]
