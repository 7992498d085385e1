"""Journey's own outcome tool, of the project's design and free to use: ten scales scored 0 to
10 by the family and worker, in the style of a ten-scale wheel. A council adds the licensed
tools it holds (an Outcomes Star, the Rickter Scale) as its own tools."""

from django.db import migrations
from django.utils import timezone

NAME = "Journey family wheel"
SCALES = [
    ("home", "Home and family life", "Home is chaotic or unsafe", "Home is settled and safe"),
    ("health", "Health", "Health needs are not met", "Everyone's health needs are met"),
    (
        "relationships",
        "Relationships",
        "Relationships in the family are in crisis",
        "The family gets on and sorts out problems together",
    ),
    (
        "learning",
        "School and learning",
        "The child is not in school or learning",
        "The child goes to school and is learning well",
    ),
    ("money", "Money and housing", "Money or housing is in crisis", "Money and housing are secure"),
    (
        "wellbeing",
        "Emotional wellbeing",
        "Someone is struggling every day",
        "Everyone copes well with how they feel",
    ),
    ("safety", "Keeping safe", "The child is not safe", "The child is safe and knows it"),
    (
        "behaviour",
        "Behaviour",
        "Behaviour causes serious harm or trouble",
        "Behaviour is what the family wants it to be",
    ),
    (
        "community",
        "Friends and community",
        "The family is cut off from others",
        "The family has friends and support nearby",
    ),
    (
        "confidence",
        "Confidence and hope",
        "The family sees no way forward",
        "The family is confident about the future",
    ),
]


def add_wheel(apps, schema_editor):
    OutcomeTool = apps.get_model("outcomes", "OutcomeTool")
    ToolVersion = apps.get_model("outcomes", "ToolVersion")
    Scale = apps.get_model("outcomes", "Scale")
    if OutcomeTool.objects.filter(name=NAME).exists():
        return
    now = timezone.now()
    tool = OutcomeTool.objects.create(
        name=NAME,
        description=(
            "Ten scales, each scored from 0 (things are very hard) to 10 (things are going "
            "well) by the family with their worker, at the start, at each review and at closure."
        ),
        licence="Designed for Journey: any council may use, change and share it.",
        created_at=now,
    )
    version = ToolVersion.objects.create(
        tool=tool,
        number=1,
        kind="scales",
        lowest=0,
        highest=10,
        scored_by=["child", "parent", "worker", "together"],
        kinds_of_work=["eh_single", "eh_caf", "family_help"],
        review_every_days=91,
        published_at=now,
        created_at=now,
    )
    Scale.objects.bulk_create(
        Scale(version=version, key=key, order=n, name=name, low_words=low, high_words=high)
        for n, (key, name, low, high) in enumerate(SCALES, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(add_wheel, migrations.RunPython.noop)]
