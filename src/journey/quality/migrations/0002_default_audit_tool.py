"""The council's first case file audit tool (version 1) and its starting target.

Domains follow the peer review's findings and the improvement plan: recording, management
oversight and supervision, the voice of the child, plan quality, the threshold decision and
outcomes. Change them by making a new version in administration.
"""

import datetime as dt

from django.db import migrations

TOOL = [
    (
        "recording",
        "Quality of recording",
        [
            (
                "Is the case record accurate, up to date and written so the child could read it?",
                "Case notes within 5 working days; chronology complete; language plain.",
            ),
            (
                "Does the chronology tell the story of the child's journey?",
                "Significant events marked, with what happened next.",
            ),
        ],
    ),
    (
        "oversight",
        "Management oversight and supervision",
        [
            (
                "Is supervision recorded on the case at the required interval?",
                "Discussion, reflection, decisions and actions, and the next date.",
            ),
            (
                "Is the rationale for management decisions recorded?",
                "The manager's reasons in their own words, not only the decision.",
            ),
        ],
    ),
    (
        "voice",
        "Voice of the child",
        [
            (
                "Are the child's views recorded in their own words, and how they were obtained?",
                "Seen, and seen alone where appropriate; views shape the plan.",
            ),
        ],
    ),
    (
        "plan",
        "Plan quality",
        [
            (
                "Is the plan SMART, with owners and dates, and reviewed on time?",
                "Actions progressing within 3 months; no drift.",
            ),
        ],
    ),
    (
        "threshold",
        "Threshold decision",
        [
            (
                "Was the threshold decision right, with the working out recorded?",
                "Level, factors and rationale; the manager's agreement.",
            ),
        ],
    ),
    (
        "outcomes",
        "Outcomes",
        [
            (
                "Is there evidence the child's circumstances are improving?",
                "Distance travelled measured; the family's view of the help.",
            ),
        ],
    ),
]


def create_tool(apps, schema_editor):
    AuditTool = apps.get_model("quality", "AuditTool")
    AuditDomain = apps.get_model("quality", "AuditDomain")
    AuditQuestion = apps.get_model("quality", "AuditQuestion")
    AuditTarget = apps.get_model("quality", "AuditTarget")
    tool = AuditTool.objects.create(
        name="Case file audit tool", version=1, notes="The first tool, from the QA framework"
    )
    for d, (code, name, questions) in enumerate(TOOL, start=1):
        domain = AuditDomain.objects.create(tool=tool, code=code, name=name, order=d)
        for q, (text, guidance) in enumerate(questions, start=1):
            AuditQuestion.objects.create(domain=domain, text=text, guidance=guidance, order=q)
    AuditTarget.objects.create(
        effective_from=dt.date(2014, 4, 1),
        percent=70,
        note="Improvement plan action 1: increase the share of case files graded good",
    )


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(create_tool, migrations.RunPython.noop)]
