"""A complaint's stages and their clock (R7): extending a stage, the response with an outcome
for each element and its letter kept as a PDF, the complainant's request for the next stage,
stage 2's appointments and agreed record, stage 3's review panel, the Ombudsman and closing.

Each function validates everything first, then writes inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.complaints import clock
from journey.complaints.models import (
    Complaint,
    Element,
    Finding,
    OmbudsmanEnquiry,
    Outcome,
    ResponseLetter,
    Stage,
)
from journey.complaints.services import child_entries, in_future, is_blank, raise_errors
from journey.core.templatetags.govuk import govuk_date as govuk_date_text


def responded_entries(stage: Stage, by: User) -> list[ChronologyEntry]:
    assert stage.responded_on is not None  # answered
    return child_entries(
        stage.complaint,
        EntryKind.COMPLAINT_RESPONDED,
        f"Complaint responded (stage {stage.number})",
        stage.responded_on,
        by,
    )


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
    agreed_on: dt.date | None


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
    if is_blank(data.reason):
        errors["reason"] = "Enter the reason for the extension"
    errors.update(_agreed_problems(stage, data.agreed_on))
    return errors


def _agreed_problems(stage: Stage, agreed_on: dt.date | None) -> dict[str, str]:
    """An extension is agreed while the deadline it extends still stands: one recorded after
    the deadline passed would turn a late response into one on time."""
    if agreed_on is None:
        return {"agreed_on": "Enter the date the extension was agreed"}
    if in_future(agreed_on):
        return {"agreed_on": "The date agreed must be today or in the past"}
    if agreed_on < stage.started_on:
        return {
            "agreed_on": f"The extension is agreed on or after stage {stage.number} began, "
            f"{govuk_date_text(stage.started_on)}"
        }
    if agreed_on > stage.deadline:
        return {
            "agreed_on": f"The extension had to be agreed by the deadline it extends, "
            f"{govuk_date_text(stage.deadline)}: a response after that date is late"
        }
    return {}


@transaction.atomic
def extend_stage(complaint: Complaint, data: ExtensionInput, *, by: User) -> Stage:
    stage = _locked_stage(complaint)
    raise_errors(_extension_problems(stage, data))
    stage.extended_to = data.extend_to
    stage.extension_reason = data.reason.strip()
    stage.extension_agreed_on = data.agreed_on
    stage.save(update_fields=["extended_to", "extension_reason", "extension_agreed_on"])
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
    elif in_future(data.responded_on):
        errors["responded_on"] = "The date of the response must be today or in the past"
    errors.update(_stage_ready_problems(stage, data))
    errors.update(_finding_problems(complaint, data.findings))
    if is_blank(data.letter):
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
    ready_on = stage.record_agreed_on if stage.number == 2 else stage.panel_report_on
    if ready_on is not None and data.responded_on is not None and data.responded_on < ready_on:
        after_what = (
            "the written record of the complaint was agreed"
            if stage.number == 2
            else "the review panel reported"
        )
        return {
            "responded_on": f"The stage {stage.number} response is on or after {after_what}, "
            f"{govuk_date_text(ready_on)}"
        }
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
        if finding.outcome == Outcome.NOT_INVESTIGATED and is_blank(finding.reason):
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
    raise_errors(_response_problems(complaint, stage, data))
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
    if data.asked_on is None:
        return {"asked_on": "Enter the date the complainant asked"}
    if data.asked_on < stage.responded_on:
        return {
            "asked_on": f"The request must be on or after the stage {stage.number} response, "
            f"{govuk_date_text(stage.responded_on)}"
        }
    if in_future(data.asked_on):
        return {"asked_on": "The date asked must be today or in the past"}
    window = clock.may_ask_until(stage.responded_on)
    if data.asked_on > window and is_blank(data.accepted_late_reason):
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
    raise_errors(_next_stage_problems(stage, data))
    assert data.asked_on is not None and stage.responded_on is not None  # refused above
    late = data.asked_on > clock.may_ask_until(stage.responded_on)
    reopened = Complaint.objects.get(pk=complaint.pk)
    if reopened.closed_on is not None:
        # Closed before the complainant asked, or the request accepted late: the complaint is
        # open again, and the date it was closed stays in its history.
        reopened.closed_on = None
        reopened.save(update_fields=["closed_on"])
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
    if is_blank(data.investigating_officer):
        errors["investigating_officer"] = "Enter the investigating officer: stage 2 needs both"
    if is_blank(data.independent_person):
        errors["independent_person"] = "Enter the independent person: stage 2 needs both"
    if data.appointed_on is None:
        errors["appointed_on"] = "Enter the date they were appointed"
    elif data.appointed_on < stage.started_on:
        errors["appointed_on"] = (
            f"The appointments must be on or after stage 2 was asked for, "
            f"{govuk_date_text(stage.started_on)}"
        )
    elif in_future(data.appointed_on):
        errors["appointed_on"] = "The date appointed must be today or in the past"
    agreed = data.record_agreed_on
    if agreed is not None and data.appointed_on is not None and agreed < data.appointed_on:
        errors["record_agreed_on"] = "The written record is agreed on or after the appointments"
    elif in_future(agreed):
        errors["record_agreed_on"] = "The date agreed must be today or in the past"
    return errors


@transaction.atomic
def record_investigation(complaint: Complaint, data: InvestigationInput, *, by: User) -> Stage:
    stage = _locked_stage(complaint)
    raise_errors(_investigation_problems(stage, data))
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
    stage_2_people = (stage_2.independent_person, stage_2.investigating_officer) if stage_2 else ()
    investigators = {_person_key(name): name for name in stage_2_people if name.strip()}
    sitting = {_person_key(m) for m in members}
    if len(members) != 3 or len(sitting) != 3:
        errors["members"] = "Enter three different independent persons for the panel"
    elif sitting & investigators.keys():
        name = investigators[next(iter(sitting & investigators.keys()))]
        errors["members"] = (
            f"{name} investigated the complaint at stage 2 and cannot sit on the review panel"
        )
    if data.panel_on is not None and data.panel_on < stage.started_on:
        errors["panel_on"] = "The panel is held on or after stage 3 was asked for"
    elif in_future(data.panel_on):
        errors["panel_on"] = "The date the panel was held must be today or in the past"
    if data.panel_report_on is not None:
        if data.panel_on is None or data.panel_report_on < data.panel_on:
            errors["panel_report_on"] = "The panel reports on or after the day it was held"
        elif in_future(data.panel_report_on):
            errors["panel_report_on"] = "The date of the report must be today or in the past"
    return errors


def _person_key(name: str) -> str:
    """A name compared without case, titles' full stops, or extra spaces."""
    return " ".join(re.sub(r"[^\w\s'-]", " ", name).lower().split())


def _panel_late(stage: Stage) -> bool:
    if stage.panel_on is None:
        return False
    if stage.panel_on > clock.panel_due(stage.started_on):
        return True
    report_on = stage.panel_report_on
    return report_on is not None and report_on > clock.panel_report_due(stage.panel_on)


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
    raise_errors(_panel_problems(complaint, stage, data))
    stage.panel_members = [m.strip() for m in data.members if m.strip()]
    stage.panel_on = data.panel_on
    stage.panel_report_on = data.panel_report_on
    # Stage 3 keeps its running deadline in due_on; the panel's own dates are kept beside it.
    stage.due_on = stage_3_due(stage)
    stage.panel_late = _panel_late(stage)
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
    elif in_future(data.received_on):
        errors["received_on"] = "The date received must be today or in the past"
    if data.decided_on is not None:
        if data.received_on is not None and data.decided_on < data.received_on:
            errors["decided_on"] = "The decision is on or after the enquiry"
        elif in_future(data.decided_on):
            errors["decided_on"] = "The date of the decision must be today or in the past"
        if is_blank(data.decision):
            errors["decision"] = "Enter the Ombudsman's decision"
    elif not is_blank(data.decision):
        errors["decided_on"] = "Enter the date of the Ombudsman's decision"
    return errors


@transaction.atomic
def record_ombudsman(complaint: Complaint, data: OmbudsmanInput, *, by: User) -> OmbudsmanEnquiry:
    """Open the Ombudsman's enquiry, or record its decision on the open one."""
    Complaint.objects.select_for_update().get(pk=complaint.pk)
    errors = _ombudsman_problems(complaint, data)
    enquiry = complaint.ombudsman_enquiries.order_by("-pk").first()
    if enquiry is None or enquiry.decided_on is not None:
        enquiry = OmbudsmanEnquiry(complaint=complaint)
    elif enquiry.reference and data.reference.strip() not in ("", enquiry.reference):
        errors.setdefault(
            "reference",
            f"The Ombudsman's enquiry {enquiry.reference} is still open: record its decision "
            "before another enquiry",
        )
    raise_errors(errors)
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
    complaint = Complaint.objects.get(pk=complaint.pk)  # as it stands now it is locked
    if complaint.closed_on is not None:
        raise ValidationError({"closed_on": "The complaint is closed already"})
    if stage.responded_on is None:
        raise ValidationError({"closed_on": f"Stage {stage.number} has not been answered yet"})
    if closed_on is None or closed_on < stage.responded_on or in_future(closed_on):
        raise ValidationError(
            {"closed_on": "Enter a date on or after the last response, and not in the future"}
        )
    complaint.closed_on = closed_on
    complaint.save(update_fields=["closed_on"])
    return complaint
