"""The council's first caseload weights and limits.

The limits carry over what the retired JOURNEY_CASELOAD_LIMITS setting said: its defaults, or
the figure a council had set in the JOURNEY_CASELOAD_LIMIT_<ROLE> environment variable. The
weights start a child protection plan above single-agency early help; the council changes both
on the Caseloads pages.
"""

import os
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

WEIGHTS = {
    "eh_single": Decimal("0.5"),
    "eh_caf": Decimal("1"),
    "social_care": Decimal("1"),
    "cin_plan": Decimal("1"),
    "cp_plan": Decimal("1.5"),
    "family_help": Decimal("1"),
    "family_help_cin": Decimal("1"),
}
#: The retired setting's defaults, by role, and the variable that could change each.
LIMITS = {
    "practitioner": ("JOURNEY_CASELOAD_LIMIT_PRACTITIONER", 30),
    "social_worker": ("JOURNEY_CASELOAD_LIMIT_SOCIAL_WORKER", 25),
    "team_manager": ("JOURNEY_CASELOAD_LIMIT_TEAM_MANAGER", 10),
    "external_lead": ("JOURNEY_CASELOAD_LIMIT_EXTERNAL_LEAD", 30),
}
FIRST = "The council's starting figures"


def _limit(variable: str, default: int) -> int:
    value = os.environ.get(variable, "").strip()
    return int(value) if value.isdigit() else default


def add_defaults(apps, schema_editor):
    now = timezone.now()
    for model_name, rows in (
        ("CaseloadWeight", [{"kind": k, "weight": w} for k, w in WEIGHTS.items()]),
        ("CaseloadLimit", [{"role": r, "limit": _limit(*v)} for r, v in LIMITS.items()]),
    ):
        model = apps.get_model("workforce", model_name)
        history = apps.get_model("workforce", f"Historical{model_name}")
        for fields in rows:
            row = model.objects.create(**fields, reason=FIRST, changed_at=now)
            history.objects.create(
                id=row.pk,
                **fields,
                reason=FIRST,
                changed_at=now,
                history_date=now,
                history_type="+",
                history_change_reason=FIRST,
            )


def remove_defaults(apps, schema_editor):
    for model_name in ("CaseloadWeight", "CaseloadLimit"):
        apps.get_model("workforce", f"Historical{model_name}").objects.all().delete()
        apps.get_model("workforce", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0006_caseload_weights_and_limits")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
