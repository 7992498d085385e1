"""Recording complaints, representations, compliments and comments, and taking a complaint
through its statutory stages (R7).

Each function validates everything first (a ValidationError naming the field and the fix),
then writes inside one transaction: nothing is half-saved. The child's chronology says only that
a complaint was received or answered, never what it is about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.complaints import clock
from journey.complaints.models import (
    ComplainantType,
    Complaint,
    ComplaintChild,
    Compliment,
    Element,
    LearningAction,
    Procedure,
    Route,
    Stage,
    Theme,
)
from journey.core.services import next_number
from journey.improvement.models import Area, Rag
from journey.improvement.services import ActionInput, ProgressInput, add_action, record_progress
from journey.people.models import Person
from journey.workforce.models import Team, Worker


def raise_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def is_blank(value: str | None) -> bool:
    return not (value or "").strip()


def in_future(day: dt.date | None) -> bool:
    return day is not None and day > timezone.localdate()


#: The council's starting list of themes (as migration 0002 puts in; editable in administration).
DEFAULT_THEMES = [
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


@transaction.atomic
def ensure_themes() -> list[Theme]:
    """The themes, putting the starting list back if there are none (a database emptied by a
    test that truncates tables, or an administrator who deleted them all)."""
    if not Theme.objects.exists():
        Theme.objects.bulk_create(
            Theme(name=name, order=order) for order, name in enumerate(DEFAULT_THEMES, start=1)
        )
    return list(Theme.objects.filter(is_active=True))


# --- recording ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementInput:
    summary: str
    theme: Theme | None


@dataclass(frozen=True)
class ComplaintInput:
    kind: str
    procedure: str
    procedure_reason: str
    received_on: dt.date | None
    route: str
    complainant_name: str
    complainant_type: str
    complainant_relationship: str
    complainant_contact: str
    children: list[Person]
    team: Team | None
    outcome_wanted: str
    elements: list[ElementInput]
    responders: list[Worker] = field(default_factory=list)
    advocate_offered: bool = False
    advocate_taken_up: bool = False
    matter_arose_on: dt.date | None = None
    late_decision: str = ""
    late_reason: str = ""


def _complaint_problems(data: ComplaintInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in Complaint.Kind.values:
        errors["kind"] = "Select whether it is a complaint or a representation"
    if data.procedure not in Procedure.values:
        errors["procedure"] = "Select the procedure: statutory or corporate"
    elif data.procedure == Procedure.CORPORATE and is_blank(data.procedure_reason):
        errors["procedure_reason"] = "Say why the corporate procedure applies, not the statutory"
    if data.received_on is None:
        errors["received_on"] = "Enter the date the complaint was received"
    elif in_future(data.received_on):
        errors["received_on"] = "The date received must be today or in the past"
    if data.route not in Route.values:
        errors["route"] = "Select how the complaint came in"
    if is_blank(data.complainant_name):
        errors["complainant_name"] = "Enter the complainant's name"
    if data.complainant_type not in ComplainantType.values:
        errors["complainant_type"] = "Select who is complaining"
    elif data.complainant_type != ComplainantType.CHILD and is_blank(data.complainant_relationship):
        errors["complainant_relationship"] = "Enter the complainant's relationship to the child"
    if not data.children:
        errors["children"] = "Enter the ID of at least one child the complaint is about"
    if data.team is None:
        errors["team"] = "Select the team whose work the complaint is about"
    if is_blank(data.outcome_wanted):
        errors["outcome_wanted"] = "Enter what the complainant wants to happen"
    if not data.elements:
        errors["elements"] = "Enter at least one element: what the complaint is about"
    for number, element in enumerate(data.elements, start=1):
        if is_blank(element.summary) or element.theme is None:
            errors["elements"] = f"Element {number}: enter what it is about and select its theme"
            break
    if data.advocate_taken_up and not data.advocate_offered:
        errors["advocate_taken_up"] = "An advocate can only be taken up once offered"
    errors.update(_late_problems(data))
    return errors


def _late_problems(data: ComplaintInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.matter_arose_on is None or data.received_on is None:
        return errors
    if data.matter_arose_on > data.received_on:
        errors["matter_arose_on"] = "When the matter arose must be on or before the date received"
    elif clock.is_late_complaint(data.matter_arose_on, data.received_on):
        if data.late_decision not in Complaint.LateDecision.values:
            errors["late_decision"] = (
                "The matter arose more than a year before the complaint: select whether the "
                "council will consider it"
            )
        if is_blank(data.late_reason):
            errors["late_reason"] = "Enter the reason for the decision on a late complaint"
    return errors


def child_entries(
    complaint: Complaint, kind: str, title: str, day: dt.date, by: User
) -> list[ChronologyEntry]:
    links = ComplaintChild.objects.filter(complaint=complaint).order_by("pk")
    return [
        build_entry(
            child_id=link.child_id,
            kind=kind,
            title=title,
            occurred_at=start_of(day),
            source=link,
            recorded_by=by,
        )
        for link in links
    ]


def received_entries(complaint: Complaint, by: User) -> list[ChronologyEntry]:
    return child_entries(
        complaint, EntryKind.COMPLAINT_RECEIVED, "Complaint received", complaint.received_on, by
    )


def _reference(received_on: dt.date) -> str:
    return f"CF-{received_on.year}-{next_number(f'complaint-{received_on.year}'):04d}"


@transaction.atomic
def record_complaint(data: ComplaintInput, *, by: User) -> Complaint:
    raise_errors(_complaint_problems(data))
    assert data.received_on is not None and data.team is not None  # refused above
    late = clock.is_late_complaint(data.matter_arose_on, data.received_on)
    complaint = Complaint.objects.create(
        reference=_reference(data.received_on),
        kind=data.kind,
        procedure=data.procedure,
        procedure_reason=data.procedure_reason.strip(),
        received_on=data.received_on,
        route=data.route,
        complainant_name=data.complainant_name.strip(),
        complainant_type=data.complainant_type,
        complainant_relationship=data.complainant_relationship.strip(),
        complainant_contact=data.complainant_contact.strip(),
        team=data.team,
        outcome_wanted=data.outcome_wanted.strip(),
        advocate_offered=data.advocate_offered,
        advocate_taken_up=data.advocate_taken_up,
        matter_arose_on=data.matter_arose_on,
        late_decision=data.late_decision if late else "",
        late_reason=data.late_reason.strip() if late else "",
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    for child in dict.fromkeys(data.children):
        ComplaintChild.objects.create(complaint=complaint, child=child)
    complaint.responders.set(data.responders)
    for number, element in enumerate(data.elements, start=1):
        assert element.theme is not None  # refused above
        Element.objects.create(
            complaint=complaint, number=number, summary=element.summary.strip(), theme=element.theme
        )
    if data.late_decision == Complaint.LateDecision.NOT_CONSIDER and late:
        complaint.closed_on = data.received_on
        complaint.save(update_fields=["closed_on"])
    else:
        Stage.objects.create(
            complaint=complaint,
            number=1,
            started_on=data.received_on,
            due_on=clock.stage_1_due(data.received_on),
        )
    ChronologyEntry.objects.bulk_create(received_entries(complaint, by))
    return complaint


def _closed_problem(complaint: Complaint, field_name: str, what: str) -> dict[str, str]:
    if complaint.closed_on is None:
        return {}
    return {
        field_name: f"Complaint {complaint.reference} closed on "
        f"{complaint.closed_on:%-d %B %Y}: its {what} stay as they were when it closed"
    }


@transaction.atomic
def set_responders(complaint: Complaint, responders: list[Worker], *, by: User) -> Complaint:
    """Name the managers who respond; who was named before stays in the complaint's history."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    errors = _closed_problem(complaint, "responders", "responders")
    if not responders:
        errors.setdefault("responders", "Select at least one manager to respond")
    raise_errors(errors)
    complaint.responders.set(responders)
    return complaint


@dataclass(frozen=True)
class ElementChange:
    element: Element
    summary: str
    theme: Theme | None


@dataclass(frozen=True)
class ElementsInput:
    changes: list[ElementChange]
    added: ElementInput | None = None


def _elements_problems(complaint: Complaint, data: ElementsInput) -> dict[str, str]:
    errors = _closed_problem(complaint, "elements", "elements")
    for change in data.changes:
        if change.element.complaint_id != complaint.pk:
            raise ValueError(f"Element {change.element.pk} is not part of {complaint.reference}")
        if is_blank(change.summary) or change.theme is None:
            n = change.element.number
            errors[f"summary_{n}"] = f"Element {n}: enter what it is about and select its theme"
    added = data.added
    if added is None:
        return errors
    if is_blank(added.summary) or added.theme is None:
        errors["new_summary"] = "The new element: enter what it is about and select its theme"
        return errors
    stage = complaint.stages.order_by("-number").first()
    if stage is not None and stage.responded_on is not None:
        errors["new_summary"] = (
            f"The stage {stage.number} response is recorded, so a new element has no stage to "
            "be answered at: add it when the complainant asks for the next stage"
        )
    return errors


@transaction.atomic
def change_elements(complaint: Complaint, data: ElementsInput, *, by: User) -> Complaint:
    """Correct what an element says or its theme, or add an element to the stage now open.
    Elements are never removed: an element the complainant drops is answered as withdrawn.
    Earlier wording stays in each element's history."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    raise_errors(_elements_problems(complaint, data))
    for change in data.changes:
        element, summary = change.element, change.summary.strip()
        assert change.theme is not None  # refused above
        if element.summary != summary or element.theme_id != change.theme.pk:
            element.summary, element.theme = summary, change.theme
            element.save(update_fields=["summary", "theme"])
    if data.added is not None:
        assert data.added.theme is not None  # refused above
        last = complaint.elements.order_by("-number").values_list("number", flat=True).first()
        Element.objects.create(
            complaint=complaint,
            number=(last or 0) + 1,
            summary=data.added.summary.strip(),
            theme=data.added.theme,
        )
    return complaint


# --- learning -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningInput:
    learning: str
    action: str
    owner: Worker | None
    due_on: dt.date | None
    plan_area: Area | None = None


def _learning_problems(data: LearningInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if is_blank(data.learning):
        errors["learning"] = "Enter what the complaint taught"
    if is_blank(data.action):
        errors["action"] = "Enter the action agreed"
    if data.owner is None:
        errors["owner"] = "Select who owns the action"
    elif not data.owner.is_active:
        errors["owner"] = f"{data.owner} no longer works here: select someone who does"
    if data.due_on is None:
        errors["due_on"] = "Enter the date the action is due"
    return errors


@transaction.atomic
def add_learning(complaint: Complaint, data: LearningInput, *, by: User) -> LearningAction:
    raise_errors(_learning_problems(data))
    assert data.due_on is not None and data.owner is not None  # refused above
    improvement = None
    if data.plan_area is not None:
        improvement = add_action(
            data.plan_area,
            ActionInput(
                action=f"{data.action.strip()} (from complaint {complaint.reference})",
                lead=data.owner,
                responsible_officer=data.owner,
                evidence=f"Learning from complaint {complaint.reference}: {data.learning.strip()}",
                due_on=data.due_on,
            ),
            by=by,
        )
    return LearningAction.objects.create(
        complaint=complaint,
        learning=data.learning.strip(),
        action=data.action.strip(),
        owner=data.owner,
        due_on=data.due_on,
        recorded_on=timezone.localdate(),
        improvement_action=improvement,
    )


@transaction.atomic
def complete_learning(
    action: LearningAction, done_on: dt.date | None, evidence: str, *, by: User
) -> LearningAction:
    action = LearningAction.objects.select_for_update().get(pk=action.pk)
    errors: dict[str, str] = {}
    if action.done_on is not None:
        errors["done_on"] = "This action was done already"
    elif done_on is None:
        errors["done_on"] = "Enter the date the action was done"
    elif in_future(done_on):
        errors["done_on"] = "The date done must be today or in the past"
    if is_blank(evidence):
        errors["evidence"] = "Enter the evidence that it was done"
    raise_errors(errors)
    action.done_on, action.evidence = done_on, evidence.strip()
    action.save(update_fields=["done_on", "evidence"])
    _report_to_plan(action, by)
    return action


def _report_to_plan(action: LearningAction, by: User) -> None:
    """The improvement plan's action, if the learning joined one, hears it is done."""
    planned = action.improvement_action
    if planned is None or planned.is_withdrawn:
        return
    assert action.done_on is not None
    record_progress(
        planned,
        ProgressInput(
            action.done_on,
            f"Done (learning from complaint {action.complaint.reference}): {action.evidence}",
            rag="" if planned.is_measured else Rag.ACHIEVED,
        ),
        by=by,
    )


# --- compliments and comments ---------------------------------------------------------------


@dataclass(frozen=True)
class ComplimentInput:
    kind: str
    received_on: dt.date | None
    from_type: str
    team: Team | None
    theme: Theme | None
    summary: str
    from_name: str = ""


@transaction.atomic
def record_compliment(data: ComplimentInput, *, by: User) -> Compliment:
    errors: dict[str, str] = {}
    if data.kind not in Compliment.Kind.values:
        errors["kind"] = "Select whether it is a compliment or a comment"
    if data.received_on is None:
        errors["received_on"] = "Enter the date it was received"
    elif in_future(data.received_on):
        errors["received_on"] = "The date received must be today or in the past"
    if data.from_type not in ComplainantType.values:
        errors["from_type"] = "Select who it is from"
    if data.team is None:
        errors["team"] = "Select the team it is about"
    if data.theme is None:
        errors["theme"] = "Select the theme"
    if is_blank(data.summary):
        errors["summary"] = "Enter what was said"
    raise_errors(errors)
    assert data.received_on is not None and data.team and data.theme  # refused above
    return Compliment.objects.create(
        kind=data.kind,
        received_on=data.received_on,
        from_type=data.from_type,
        from_name=data.from_name.strip(),
        team=data.team,
        theme=data.theme,
        summary=data.summary.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
