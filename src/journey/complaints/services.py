"""Recording complaints, representations, compliments and comments, and taking a complaint
through its statutory stages (R7).

Each function validates everything first (a ValidationError naming the field and the fix),
then writes inside one transaction: nothing is half-saved. The child's chronology says only that
a complaint was received or answered, never what it is about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
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
    Finding,
    LearningAction,
    OmbudsmanEnquiry,
    Outcome,
    Procedure,
    ResponseLetter,
    Route,
    Stage,
    Theme,
)
from journey.core.services import next_number
from journey.core.templatetags.govuk import govuk_date as govuk_date_text
from journey.improvement.models import Area
from journey.improvement.services import ActionInput, add_action
from journey.people.models import Person
from journey.workforce.models import Team, Worker


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _future(day: dt.date | None) -> bool:
    return day is not None and day > timezone.localdate()


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
    elif data.procedure == Procedure.CORPORATE and _blank(data.procedure_reason):
        errors["procedure_reason"] = "Say why the corporate procedure applies, not the statutory"
    if data.received_on is None:
        errors["received_on"] = "Enter the date the complaint was received"
    elif _future(data.received_on):
        errors["received_on"] = "The date received must be today or in the past"
    if data.route not in Route.values:
        errors["route"] = "Select how the complaint came in"
    if _blank(data.complainant_name):
        errors["complainant_name"] = "Enter the complainant's name"
    if data.complainant_type not in ComplainantType.values:
        errors["complainant_type"] = "Select who is complaining"
    elif data.complainant_type != ComplainantType.CHILD and _blank(data.complainant_relationship):
        errors["complainant_relationship"] = "Enter the complainant's relationship to the child"
    if not data.children:
        errors["children"] = "Enter the ID of at least one child the complaint is about"
    if data.team is None:
        errors["team"] = "Select the team whose work the complaint is about"
    if _blank(data.outcome_wanted):
        errors["outcome_wanted"] = "Enter what the complainant wants to happen"
    if not data.elements:
        errors["elements"] = "Enter at least one element: what the complaint is about"
    for number, element in enumerate(data.elements, start=1):
        if _blank(element.summary) or element.theme is None:
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
        if _blank(data.late_reason):
            errors["late_reason"] = "Enter the reason for the decision on a late complaint"
    return errors


def _entries(
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
    return _entries(
        complaint, EntryKind.COMPLAINT_RECEIVED, "Complaint received", complaint.received_on, by
    )


def responded_entries(stage: Stage, by: User) -> list[ChronologyEntry]:
    assert stage.responded_on is not None  # answered
    return _entries(
        stage.complaint,
        EntryKind.COMPLAINT_RESPONDED,
        f"Complaint responded (stage {stage.number})",
        stage.responded_on,
        by,
    )


def _reference(received_on: dt.date) -> str:
    return f"CF-{received_on.year}-{next_number(f'complaint-{received_on.year}'):04d}"


@transaction.atomic
def record_complaint(data: ComplaintInput, *, by: User) -> Complaint:
    _raise(_complaint_problems(data))
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


@transaction.atomic
def set_responders(complaint: Complaint, responders: list[Worker], *, by: User) -> Complaint:
    if not responders:
        raise ValidationError({"responders": "Select at least one manager to respond"})
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.responders.set(responders)
    return complaint


# --- the stages -----------------------------------------------------------------------------


def current_stage(complaint: Complaint) -> Stage | None:
    return complaint.stages.order_by("-number").first()


def _locked_stage(complaint: Complaint) -> Stage:
    Complaint.objects.select_for_update().get(pk=complaint.pk)
    stage = current_stage(complaint)
    if stage is None:
        raise ValidationError("This complaint was not considered, so it has no stage to answer")
    return stage


@dataclass(frozen=True)
class ExtensionInput:
    extend_to: dt.date | None
    reason: str


def _extension_problems(stage: Stage, data: ExtensionInput) -> dict[str, str]:
    if stage.responded_on is not None:
        return {"extend_to": f"Stage {stage.number} was answered: it cannot be extended"}
    if stage.number == 3:
        return {"extend_to": "Stage 3's timescales cannot be extended"}
    if stage.number == 1 and stage.extended_to is not None:
        return {"extend_to": "Stage 1 can be extended only once"}
    errors: dict[str, str] = {}
    most_days = clock.STAGE_1_MOST if stage.number == 1 else clock.STAGE_2_MOST
    latest = clock.after(stage.started_on, most_days)
    if data.extend_to is None:
        errors["extend_to"] = "Enter the new deadline"
    elif data.extend_to <= stage.deadline:
        errors["extend_to"] = (
            f"The new deadline must be after the current one, {govuk_date_text(stage.deadline)}"
        )
    elif data.extend_to > latest:
        errors["extend_to"] = (
            f"Stage {stage.number} can be extended to at most {most_days} working days: "
            f"{govuk_date_text(latest)}"
        )
    if _blank(data.reason):
        errors["reason"] = "Enter the reason for the extension"
    return errors


@transaction.atomic
def extend_stage(complaint: Complaint, data: ExtensionInput, *, by: User) -> Stage:
    stage = _locked_stage(complaint)
    _raise(_extension_problems(stage, data))
    stage.extended_to = data.extend_to
    stage.extension_reason = data.reason.strip()
    stage.save(update_fields=["extended_to", "extension_reason"])
    return stage


@dataclass(frozen=True)
class FindingInput:
    element: Element
    outcome: str
    reason: str = ""


@dataclass(frozen=True)
class ResponseInput:
    responded_on: dt.date | None
    findings: list[FindingInput]
    letter: str
    panel_report_on: dt.date | None = None


def _response_problems(complaint: Complaint, stage: Stage, data: ResponseInput) -> dict[str, str]:
    if stage.responded_on is not None:
        return {"responded_on": f"Stage {stage.number} was answered already"}
    errors: dict[str, str] = {}
    if data.responded_on is None:
        errors["responded_on"] = "Enter the date of the response"
    elif data.responded_on < complaint.received_on:
        errors["responded_on"] = (
            "The response cannot be dated before the complaint was received, "
            f"{govuk_date_text(complaint.received_on)}"
        )
    elif data.responded_on < stage.started_on:
        errors["responded_on"] = (
            f"The response must be on or after stage {stage.number} began, "
            f"{govuk_date_text(stage.started_on)}"
        )
    elif _future(data.responded_on):
        errors["responded_on"] = "The date of the response must be today or in the past"
    errors.update(_stage_ready_problems(stage, data))
    errors.update(_finding_problems(complaint, data.findings))
    if _blank(data.letter):
        errors["letter"] = "Enter the response letter"
    return errors


def _stage_ready_problems(stage: Stage, data: ResponseInput) -> dict[str, str]:
    if stage.number == 2 and not (
        stage.investigating_officer and stage.independent_person and stage.record_agreed_on
    ):
        return {
            "responded_on": "Stage 2 is answered once the investigating officer and the "
            "independent person are appointed and the written record of the complaint agreed"
        }
    if stage.number == 3 and stage.panel_report_on is None:
        return {"responded_on": "Stage 3 is answered once the review panel has reported"}
    return {}


def _finding_problems(complaint: Complaint, findings: list[FindingInput]) -> dict[str, str]:
    given = {f.element.pk: f for f in findings if f.outcome}
    for element in complaint.elements.order_by("number"):
        finding = given.get(element.pk)
        name = f"outcome_{element.number}"
        if finding is None:
            return {name: f"Select the outcome of element {element.number}"}
        if finding.outcome not in Outcome.values:
            return {name: f"Select a valid outcome for element {element.number}"}
        if finding.outcome == Outcome.NOT_INVESTIGATED and _blank(finding.reason):
            return {
                f"reason_{element.number}": (
                    f"Say why element {element.number} was not investigated"
                )
            }
    return {}


def letter_pdf(context: dict) -> bytes:
    """The letter as sent: templates/complaints/letter.html drawn by WeasyPrint."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    return HTML(string=render_to_string("complaints/letter.html", context)).write_pdf()


def draft_letter(complaint: Complaint, stage: Stage) -> str:
    """The response letter's first draft, from the template, for the writer to edit."""
    return render_to_string(
        "complaints/letter_draft.txt",
        {
            "complaint": complaint,
            "stage": stage,
            "elements": complaint.elements.select_related("theme").order_by("number"),
            "council": settings.COUNCIL_NAME,
            "may_ask_days": clock.ASK_FOR_NEXT_STAGE_DAYS,
        },
    ).strip()


@transaction.atomic
def record_response(complaint: Complaint, data: ResponseInput, *, by: User) -> Stage:
    stage = _locked_stage(complaint)
    _raise(_response_problems(complaint, stage, data))
    assert data.responded_on is not None  # refused above
    for finding in data.findings:
        Finding.objects.create(
            element=finding.element,
            stage=stage,
            outcome=finding.outcome,
            reason=finding.reason.strip(),
        )
    stage.responded_on = data.responded_on
    stage.save(update_fields=["responded_on"])
    body = data.letter.strip()
    pdf = letter_pdf(
        {
            "council": settings.COUNCIL_NAME,
            "complaint": complaint,
            "stage": stage,
            "body": body,
            "sent_on": data.responded_on,
            "signed_by": by.get_full_name() or by.get_username(),
        }
    )
    ResponseLetter.objects.create(
        stage=stage,
        body=body,
        pdf=pdf,
        sent_on=data.responded_on,
        written_by=by,
        written_at=timezone.now(),
    )
    if stage.number == 3:
        complaint.closed_on = data.responded_on
        complaint.save(update_fields=["closed_on"])
    ChronologyEntry.objects.bulk_create(responded_entries(stage, by))
    return stage


@dataclass(frozen=True)
class NextStageInput:
    asked_on: dt.date | None
    accepted_late_reason: str = ""


def _next_stage_problems(stage: Stage, data: NextStageInput) -> dict[str, str]:
    if stage.responded_on is None:
        return {"asked_on": f"Stage {stage.number} has not been answered yet"}
    if stage.number == 3:
        return {"asked_on": "Stage 3 is the last: the complainant may go to the Ombudsman"}
    if stage.complaint.closed_on is not None:
        return {"asked_on": "The complaint is closed"}
    if data.asked_on is None:
        return {"asked_on": "Enter the date the complainant asked"}
    if data.asked_on < stage.responded_on:
        return {
            "asked_on": f"The request must be on or after the stage {stage.number} response, "
            f"{govuk_date_text(stage.responded_on)}"
        }
    if _future(data.asked_on):
        return {"asked_on": "The date asked must be today or in the past"}
    window = clock.may_ask_until(stage.responded_on)
    if data.asked_on > window and _blank(data.accepted_late_reason):
        return {
            "accepted_late_reason": (
                f"Stage {stage.number + 1} was asked for after {govuk_date_text(window)}, "
                f"{clock.ASK_FOR_NEXT_STAGE_DAYS} working days from the response: enter the "
                "reason to accept it"
            )
        }
    return {}


@transaction.atomic
def ask_for_next_stage(complaint: Complaint, data: NextStageInput, *, by: User) -> Stage:
    stage = _locked_stage(complaint)
    _raise(_next_stage_problems(stage, data))
    assert data.asked_on is not None and stage.responded_on is not None  # refused above
    late = data.asked_on > clock.may_ask_until(stage.responded_on)
    number = stage.number + 1
    due = clock.stage_2_due(data.asked_on) if number == 2 else clock.panel_due(data.asked_on)
    return Stage.objects.create(
        complaint=complaint,
        number=number,
        started_on=data.asked_on,
        due_on=due,
        accepted_late_reason=data.accepted_late_reason.strip() if late else "",
    )


@dataclass(frozen=True)
class InvestigationInput:
    investigating_officer: str
    independent_person: str
    appointed_on: dt.date | None
    record_agreed_on: dt.date | None = None


def _investigation_problems(stage: Stage, data: InvestigationInput) -> dict[str, str]:
    if stage.number != 2 or stage.responded_on is not None:
        return {"investigating_officer": "Appointments are made on an open stage 2"}
    errors: dict[str, str] = {}
    if _blank(data.investigating_officer):
        errors["investigating_officer"] = "Enter the investigating officer: stage 2 needs both"
    if _blank(data.independent_person):
        errors["independent_person"] = "Enter the independent person: stage 2 needs both"
    if data.appointed_on is None:
        errors["appointed_on"] = "Enter the date they were appointed"
    elif data.appointed_on < stage.started_on:
        errors["appointed_on"] = (
            f"The appointments must be on or after stage 2 was asked for, "
            f"{govuk_date_text(stage.started_on)}"
        )
    elif _future(data.appointed_on):
        errors["appointed_on"] = "The date appointed must be today or in the past"
    agreed = data.record_agreed_on
    if agreed is not None and data.appointed_on is not None and agreed < data.appointed_on:
        errors["record_agreed_on"] = "The written record is agreed on or after the appointments"
    elif _future(agreed):
        errors["record_agreed_on"] = "The date agreed must be today or in the past"
    return errors


@transaction.atomic
def record_investigation(complaint: Complaint, data: InvestigationInput, *, by: User) -> Stage:
    stage = _locked_stage(complaint)
    _raise(_investigation_problems(stage, data))
    stage.investigating_officer = data.investigating_officer.strip()
    stage.independent_person = data.independent_person.strip()
    stage.appointed_on = data.appointed_on
    stage.record_agreed_on = data.record_agreed_on
    stage.save()
    return stage


@dataclass(frozen=True)
class PanelInput:
    members: list[str]
    panel_on: dt.date | None
    panel_report_on: dt.date | None = None


def _panel_problems(complaint: Complaint, stage: Stage, data: PanelInput) -> dict[str, str]:
    if stage.number != 3 or stage.responded_on is not None:
        return {"members": "The review panel sits on an open stage 3"}
    errors: dict[str, str] = {}
    members = [m.strip() for m in data.members if m.strip()]
    stage_2 = complaint.stages.filter(number=2).first()
    independent = (stage_2.independent_person if stage_2 else "").strip().lower()
    if len(members) != 3 or len({m.lower() for m in members}) != 3:
        errors["members"] = "Enter three different independent persons for the panel"
    elif independent and independent in {m.lower() for m in members}:
        errors["members"] = (
            f"{stage_2.independent_person if stage_2 else ''} was stage 2's independent person "
            "and cannot sit on the review panel"
        )
    if data.panel_on is not None and data.panel_on < stage.started_on:
        errors["panel_on"] = "The panel is held on or after stage 3 was asked for"
    elif _future(data.panel_on):
        errors["panel_on"] = "The date the panel was held must be today or in the past"
    if data.panel_report_on is not None:
        if data.panel_on is None or data.panel_report_on < data.panel_on:
            errors["panel_report_on"] = "The panel reports on or after the day it was held"
        elif _future(data.panel_report_on):
            errors["panel_report_on"] = "The date of the report must be today or in the past"
    return errors


def stage_3_due(stage: Stage) -> dt.date:
    """Stage 3's next deadline: the panel, then its report, then the council's response."""
    if stage.panel_report_on is not None:
        return clock.council_response_due(stage.panel_report_on)
    if stage.panel_on is not None:
        return clock.panel_report_due(stage.panel_on)
    return clock.panel_due(stage.started_on)


@transaction.atomic
def record_panel(complaint: Complaint, data: PanelInput, *, by: User) -> Stage:
    stage = _locked_stage(complaint)
    _raise(_panel_problems(complaint, stage, data))
    stage.panel_members = [m.strip() for m in data.members if m.strip()]
    stage.panel_on = data.panel_on
    stage.panel_report_on = data.panel_report_on
    # Stage 3 keeps its running deadline in due_on; the panel's own dates are kept beside it.
    stage.due_on = stage_3_due(stage)
    stage.save()
    return stage


@dataclass(frozen=True)
class OmbudsmanInput:
    received_on: dt.date | None
    reference: str = ""
    decided_on: dt.date | None = None
    decision: str = ""
    remedy: str = ""


def _ombudsman_problems(complaint: Complaint, data: OmbudsmanInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.received_on is None:
        errors["received_on"] = "Enter the date the Ombudsman's enquiry was received"
    elif data.received_on < complaint.received_on:
        errors["received_on"] = "The enquiry cannot be dated before the complaint was received"
    elif _future(data.received_on):
        errors["received_on"] = "The date received must be today or in the past"
    if data.decided_on is not None:
        if data.received_on is not None and data.decided_on < data.received_on:
            errors["decided_on"] = "The decision is on or after the enquiry"
        elif _future(data.decided_on):
            errors["decided_on"] = "The date of the decision must be today or in the past"
        if _blank(data.decision):
            errors["decision"] = "Enter the Ombudsman's decision"
    elif not _blank(data.decision):
        errors["decided_on"] = "Enter the date of the Ombudsman's decision"
    return errors


@transaction.atomic
def record_ombudsman(complaint: Complaint, data: OmbudsmanInput, *, by: User) -> OmbudsmanEnquiry:
    """Open the Ombudsman's enquiry, or record its decision on the open one."""
    Complaint.objects.select_for_update().get(pk=complaint.pk)
    _raise(_ombudsman_problems(complaint, data))
    enquiry = complaint.ombudsman_enquiries.order_by("-pk").first()
    if enquiry is None or enquiry.decided_on is not None:
        enquiry = OmbudsmanEnquiry(complaint=complaint)
    assert data.received_on is not None  # refused above
    enquiry.reference = data.reference.strip()
    enquiry.received_on = data.received_on
    enquiry.decided_on = data.decided_on
    enquiry.decision = data.decision.strip()
    enquiry.remedy = data.remedy.strip()
    enquiry.save()
    return enquiry


@transaction.atomic
def close_complaint(complaint: Complaint, closed_on: dt.date | None, *, by: User) -> Complaint:
    """Close a complaint once its stage is answered and the complainant has not asked for
    the next (or the window has passed)."""
    stage = _locked_stage(complaint)
    if complaint.closed_on is not None:
        raise ValidationError({"closed_on": "The complaint is closed already"})
    if stage.responded_on is None:
        raise ValidationError({"closed_on": f"Stage {stage.number} has not been answered yet"})
    if closed_on is None or closed_on < stage.responded_on or _future(closed_on):
        raise ValidationError(
            {"closed_on": "Enter a date on or after the last response, and not in the future"}
        )
    complaint.closed_on = closed_on
    complaint.save(update_fields=["closed_on"])
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
    if _blank(data.learning):
        errors["learning"] = "Enter what the complaint taught"
    if _blank(data.action):
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
    _raise(_learning_problems(data))
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
    elif _future(done_on):
        errors["done_on"] = "The date done must be today or in the past"
    if _blank(evidence):
        errors["evidence"] = "Enter the evidence that it was done"
    _raise(errors)
    action.done_on, action.evidence = done_on, evidence.strip()
    action.save(update_fields=["done_on", "evidence"])
    return action


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
    elif _future(data.received_on):
        errors["received_on"] = "The date received must be today or in the past"
    if data.from_type not in ComplainantType.values:
        errors["from_type"] = "Select who it is from"
    if data.team is None:
        errors["team"] = "Select the team it is about"
    if data.theme is None:
        errors["theme"] = "Select the theme"
    if _blank(data.summary):
        errors["summary"] = "Enter what was said"
    _raise(errors)
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
