"""Every piece of work closed before the views at closure gets its (empty) record, so the flag and
the `child_views_recorded` measure find it; what the family said about the help at an early help
closure is copied, not moved, into the parents' views (the episode keeps `family_feedback`)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Episode = apps.get_model("cases", "Episode")
    ClosureViews = apps.get_model("cases", "ClosureViews")
    closed = (
        Episode.objects.filter(ended_on__isnull=False, closure_views__isnull=True)
        .values_list("pk", "family_feedback", "closed_by_id", "opened_by_id")
        .iterator(chunk_size=2000)
    )
    batch = []
    for pk, feedback, closed_by, opened_by in closed:
        batch.append(
            ClosureViews(episode_id=pk, parent_views=feedback, recorded_by_id=closed_by or opened_by)
        )
        if len(batch) == 2000:
            ClosureViews.objects.bulk_create(batch)
            batch = []
    ClosureViews.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_closure_views")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
