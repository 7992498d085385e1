"""The council's weights and limits: read by managers, changed by an assistant director with a
reason; bad figures refused on their field, and nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journey.workforce.caseloads.services import change_weights_and_limits
from journey.workforce.models import CaseloadLimit, CaseloadWeight, Role
from tests.casework.helpers import error_summary, text_of
from tests.workforce.caseloads.conftest import LIMITS, WEIGHTS

pytestmark = pytest.mark.django_db
CHANGE = reverse("change_caseload_rules")
RULES = reverse("caseload_rules")
REASON = "Agreed at the workforce board on 3 March: CP work is heavier"


def form(**changes) -> dict:
    data = {f"weight_{k}": str(v) for k, v in WEIGHTS.items()}
    data |= {f"limit_{r}": str(v) for r, v in LIMITS.items()}
    data["reason"] = REASON
    return data | changes


def snapshot() -> tuple:
    return (
        sorted(CaseloadWeight.objects.values_list("kind", "weight")),
        sorted(CaseloadLimit.objects.values_list("role", "limit")),
        CaseloadWeight.history.count(),
        CaseloadLimit.history.count(),
    )


def test_an_assistant_director_changes_a_weight_and_a_limit_with_a_reason(council, signed_in):
    client = signed_in(council["assistant_director"])
    assert "Save the changes" in text_of(client.get(CHANGE))
    response = client.post(CHANGE, form(weight_cp_plan="2", limit_social_worker="22"))
    assert response.status_code == 302
    cp = CaseloadWeight.objects.get(kind="cp_plan")
    assert (cp.weight, cp.reason, cp.changed_by) == (
        Decimal("2"),
        REASON,
        council["assistant_director"].user,
    )
    assert CaseloadLimit.objects.get(role="social_worker").limit == 22
    # Only what changed gets a new version; the old figure stays in the history.
    assert CaseloadWeight.objects.filter(reason=REASON).count() == 1
    assert list(cp.history.values_list("weight", flat=True))[:2] == [Decimal("2"), Decimal("1.5")]
    page = text_of(client.get(RULES))
    assert "Weight: Child protection plan 1.5 2" in page
    assert "Limit: Social worker 25 22" in page
    assert REASON in page


@pytest.mark.parametrize(
    "role",
    [Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER, Role.QA_OFFICER, Role.PERFORMANCE_OFFICER],
)
def test_others_read_the_weights_but_may_not_change_them(council, signed_in, role):
    client = signed_in(council[role])
    page = text_of(client.get(RULES))
    assert "Child protection plan 1.5" in page
    assert "Change the weights and limits" not in page
    before = snapshot()
    for response in (client.get(CHANGE), client.post(CHANGE, form(weight_cp_plan="3"))):
        assert response.status_code == 403
        assert "changed by an assistant director" in text_of(response)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight_cp_plan", "heavy", "The weight for child protection plan must be a number"),
        ("weight_cp_plan", "", "Enter the weight for child protection plan"),
        ("weight_eh_single", "-1", "must be between 0 and 10"),
        ("weight_eh_caf", "1.255", "at most 2 decimal places"),
        ("weight_eh_caf", "NaN", "must be between 0 and 10"),
        ("limit_social_worker", "25.5", "The limit for a social worker must be a whole number"),
        ("limit_team_manager", "0", "The limit for a team manager must be between 1 and 200"),
        ("reason", "", "Enter why the weights or limits are changing"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    council, signed_in, field, value, message
):
    before = snapshot()
    # Another figure changes correctly alongside the bad one: it is not saved either.
    data = form(limit_practitioner="28", **{field: value})
    response = signed_in(council["assistant_director"]).post(CHANGE, data)
    assert response.status_code == 200
    summary = error_summary(response)
    assert any(message in text and link == f"#id_{field}" for text, link in summary.items()), (
        summary
    )
    assert snapshot() == before


def test_every_wrong_figure_is_named_at_once(council, signed_in):
    data = form(weight_cp_plan="x", limit_social_worker="y", reason="")
    summary = error_summary(signed_in(council["assistant_director"]).post(CHANGE, data))
    assert set(summary.values()) == {
        "#id_weight_cp_plan",
        "#id_limit_social_worker",
        "#id_reason",
    }


def test_saving_without_a_change_is_refused(council):
    with pytest.raises(ValidationError, match="Nothing has changed"):
        change_weights_and_limits(
            weights=dict(WEIGHTS),
            limits=dict(LIMITS),
            reason=REASON,
            by=council["assistant_director"].user,
        )
