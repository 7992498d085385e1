"""The permission matrix, grown from the URL configuration (R13; issue 12).

Every named URL that takes an id is requested, GET and POST, by every role, with the real ids of
one child's records: her social care and early help, contact and decision, statutory records,
TAF plan and action, step change, panel case, audit, observation and reviewer visit. Whoever the
access layer refuses the child gets no data: a refusal (403, 404 or 405), never her name or the
words of her records, every 403 is in the access log, and nothing changes. A new page is covered
as soon as its URL exists; a URL whose id the walk does not know fails until it is mapped here.

The partner walk does the same for the school's lead professional named on her early help: she
is visible to them, but no page shows anything outside the early help they lead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from journey.access.rules import can_view_child
from journey.cases import services as case_services
from journey.cases.models import EpisodeKind, NextStep
from journey.casework.family_group import services as family_group
from journey.casework.models import NoteKind
from journey.casework.services import start_plan
from journey.casework.statutory import services as statutory
from journey.casework.summaries.services import write_case_summary
from journey.casework.supervision.services import record_supervision
from journey.casework.visits.services import Account, ChildPart, Seen, record_visit
from journey.chronology.models import ChronologyEntry
from journey.complaints import services as complaints
from journey.complaints.models import ResponseLetter
from journey.complaints.stages import services as complaint_stages
from journey.core.models import AccessEvent
from journey.outcomes.services import ensure_wheel
from journey.partner_services.services import (
    EscalationInput,
    ReferralInput,
    add_partner_service,
    escalate,
    refer,
)
from journey.people.contact_details.services import ContactDetails, record_contact_details
from journey.people.genogram.services import SupportDetails, add_support
from journey.people.models import Person
from journey.people.network.services import ProfessionalDetails, add_to_network
from journey.quality import services as audits
from journey.quality.models import AuditAction
from journey.reporting.models import CensusBreach, CensusCheck
from journey.signin.urls import NAMES as SIGN_IN_URLS
from journey.voice.links.services import LinkRequest, send_views_link, submit_views
from journey.voice.you_said import services as you_said
from journey.workforce.models import Allocation, Role
from journey.workforce.services import Placement, request_role_change
from tests.access.reviewers.test_visits import _snapshot, _walk, granted_visit
from tests.cases.test_step_changes import ask_step_up
from tests.casework.conftest import hold_taf
from tests.casework.test_panels import a_panel, bring
from tests.casework.test_statutory import enquiry_for
from tests.complaints.conftest import complaint_input, outcomes
from tests.factories import (
    TeamFactory,
    WorkerFactory,
    ensure_audit_tool,
    make_child,
    make_episode,
)
from tests.quality.conftest import FINDINGS, audit_input, round_input
from tests.quality.test_observations import plan as plan_observation

pytestmark = pytest.mark.django_db

NAME = "Quillfeather"
#: Words only her records outside early help hold: a partner must never see them.
CONTACT = "Neighbour heard screaming from the flat at night"
DECISION = "Bruising seen by the nursery meets the threshold for a strategy discussion"
SUPERVISED = "Manager and worker weighed whether the bruising explanation holds"
VISITED = "She showed me the bruise on her arm and said it was from the cupboard"
REFERRED = "Panic attacks stop her going into school; CAMHS asked to assess"
SECRETS = [
    REFERRED,
    CONTACT,
    DECISION,
    SUPERVISED,
    VISITED,
    FINDINGS,
    "Police, school and social care shared",
]
#: Not child records: signing in and out, and the admin (tested on its own).
#: The secure link's public pages open from a message, without signing in, naming no child
#: (tests/voice/links/test_pages.py).
NOT_WALKED = {
    "logout",
    *SIGN_IN_URLS,
    "role_changes",
    "role_change",
    "views_public",
    "views_thanks",
}
#: Pages of records that are not hers (a panel, an observation of a worker's practice, a
#: reviewer visit, an audit round, a role change): they may open, but never name her.
NOT_HER_RECORD = {
    "panel",
    "observation",
    "record_observation",
    "respond_to_observation",
    "cancel_observation",
    "reviewer_visit",
    "draw_reviewer_sample",
    "choose_reviewer_cases",
    "extend_reviewer_visit",
    "revoke_reviewer_visit",
    "reviewer_visit_xlsx",
    "audit_round",
    "draw_audit_sample",
    "exclude_audit_case",
    "allocate_audit_case",
    # A measure, and what its figure counted: the council's figures, listing only the children
    # the reader may see (tests/improvement/test_figures.py).
    "measure",
    "measure_behind",
    # A worker's caseload: the children they hold, named only to those who may see them.
    "worker_caseload",
    # A complaint file is kept apart from the child's record: the complaints officer reads
    # every file whoever it is about (tests/complaints/test_views.py). The world's complaint is
    # about another child, so these pages never name her.
    "complaint",
    "complaint_respond",
    "complaint_responders",
    "complaint_elements",
    "complaint_extend",
    "complaint_next_stage",
    "complaint_investigation",
    "complaint_panel",
    "complaint_ombudsman",
    "complaint_learning",
    "complaint_close",
    "complaint_learning_done",
    "complaint_letter_pdf",
    # The participation register and "you said, we did" hold no child's record
    # (tests/voice/test_pages.py).
    "voice_participation_team",
    "voice_participation_service",
    "voice_you_said_respond",
    # Outcome tools hold no child's record: heads of service and QA officers define them
    # (tests/outcomes/test_tools.py). A new version is a button: only ever posted.
    "outcome_tool",
    "new_outcome_tool_version",
    "retire_outcome_tool",
    "change_outcome_tool_version",
    "publish_outcome_tool_version",
}
#: Ids that name no child's record: what they open is decided by a role, tested elsewhere.
NO_CHILD = {
    "change_id",
    "run_id",
    "job_id",
    "area_id",
    "report_id",
    "key",
    "worker_id",
    "tool_id",
    "version_id",
    # A peer challenge review and its parts: read by host staff and its live team, tested in
    # tests/peer_review (the review's tab names only the children the reader may see).
    "review_id",
    "line_id",
    "review_case_id",
    "finding_id",
    "team_member_id",
    "review_session_id",
    "review_document_id",
}
REFUSED = {403, 404, 405}
SEE_EVERY_CHILD = {Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER, Role.PERFORMANCE_OFFICER}
POSTED = {"reason": "x" * 60, "note": "x" * 60, "decision": "approve", "size": 1}


@dataclass
class World:
    child: Person
    ids: dict[str, int]
    by_name: dict[str, dict[str, int]]
    sources: list[tuple[str, str, int]]


@pytest.fixture
def world(council) -> World:
    """Zephyrine Quillfeather: known to the Duty and Assessment team and Early Help South, so
    neither the council's practitioner, social worker nor team manager may see her."""
    # A browser test's flush, earlier in this process, takes the migration's audit tool away.
    ensure_audit_tool()
    duty = council["other_social_worker"]
    south = TeamFactory(name="Early Help South", service=council.eh_team.service)
    practitioner = WorkerFactory(role=Role.PRACTITIONER, team=south)
    child = make_child(duty, first_name="Zephyrine", last_name=NAME)
    early_help = make_episode(child, practitioner, kind=EpisodeKind.EARLY_HELP_CAF)
    case_services.allocate(
        early_help,
        worker=practitioner,
        kind=Allocation.Kind.WORKER,
        started_on=early_help.started_on,
        allocated_by=practitioner.user,
    )
    step = ask_step_up(early_help, practitioner, council.other_sc_team)
    social_care = make_episode(child, duty, allocate_to=duty)
    decision = case_services.record_contact(
        received_at=timezone.now() - dt.timedelta(days=3),
        source="2A",
        summary=CONTACT,
        decided_by=duty,
        decisions=[
            case_services.DecisionInput(
                child=child, level=4, next_step=NextStep.STRATEGY, rationale=DECISION
            )
        ],
    ).decisions.get()
    record_supervision(
        episode=social_care,
        supervisor=council["head_of_service"],
        held_on=timezone.localdate() - dt.timedelta(days=1),
        discussion=SUPERVISED,
    )
    assessment = statutory.start_single_assessment(
        episode=social_care, started_on=social_care.started_on, recorded_by=duty.user
    )
    section47 = enquiry_for(social_care, duty)
    plan = start_plan(
        episode=social_care, kind="cin", started_on=social_care.started_on, recorded_by=duty.user
    )
    home_visit = record_visit(
        Account(kind=NoteKind.HOME, occurred_at=timezone.now(), observed=VISITED),
        [
            ChildPart(
                episode=social_care,
                seen=Seen.ALONE,
                child_words="It was the cupboard",
                views_method="talking",
            )
        ],
        by=duty.user,
    )
    summary = write_case_summary(
        social_care,
        occasion="regular",
        written_on=timezone.localdate(),
        summary=VISITED,
        analysis="She is safer since the plan began.",
        by=duty.user,
    )
    member = add_to_network(
        child,
        ProfessionalDetails(
            name="Ms Cole", role="Class teacher", agency=council["external_lead"].agency
        ),
        by=duty.user,
    )
    support = add_support(
        child, SupportDetails(name="Nan", kind="family", strength="strong"), by=duty.user
    )
    hold_taf(early_help, practitioner, actions=1)
    plan_action = early_help.plans.get().actions.get()
    panel_case = bring(a_panel(council), child, duty)
    qa = council["qa_officer"]
    audit_round = audits.create_round(
        round_input([council.other_sc_team], kinds=[EpisodeKind.SOCIAL_CARE]), by=qa
    )
    audits.draw_sample(audit_round, by=qa)
    sample = audits.allocate_auditor(audit_round.cases.get(), auditor=qa, by=qa)
    audit = audits.complete_audit(
        audit_round,
        sample.episode,
        audit_input(
            3,
            findings=FINDINGS,
            actions=[("Date the plan.", timezone.localdate() + dt.timedelta(9))],
        ),
        auditor=qa,
    )
    camhs = add_partner_service(name="CAMHS", kind="camhs", agency=council["external_lead"].agency)
    referral = refer(child, ReferralInput(camhs, timezone.localdate(), REFERRED), by=duty.user)
    escalation = escalate(
        referral,
        EscalationInput(timezone.localdate(), "CAMHS duty", "practitioner", "A date, please"),
        by=duty.user,
    )
    letter = family_group.write_letter_before_proceedings(
        social_care,
        family_group.LetterInput(
            sent_on=timezone.localdate() - dt.timedelta(days=20),
            addressed_to="Her mother",
            concerns=VISITED + ", and the explanation does not fit the injury.",
            what_must_change="Her mother must take her to every health appointment this month.",
            how_to_accept="Ring the duty social worker.",
        ),
        by=duty.user,
    )
    offer = family_group.record_family_answer(
        letter.offer,
        response="accepted",
        responded_on=timezone.localdate() - dt.timedelta(days=15),
        response_by="Her mother",
        by=duty.user,
    )
    meeting = family_group.record_family_group_meeting(
        offer,
        family_group.MeetingInput(
            held_on=timezone.localdate() - dt.timedelta(days=5),
            coordinator="An independent coordinator",
            who_came="Her mother and grandmother",
            private_family_time=True,
            family_plan="Her grandmother will take her to school and to every appointment.",
            review_on=timezone.localdate() + dt.timedelta(days=30),
        ),
        by=duty.user,
    )
    visit = granted_visit(council, [child])
    role_change = request_role_change(
        council["complaints_officer"],
        Placement(Role.QA_OFFICER),
        reason="Covering the quality team for a month",
        requested_by=council["administrator"].user,
    )
    check = CensusCheck.objects.create(
        year=2027,
        checked_at=timezone.now(),
        checked_by_name="the census command",
        **dict.fromkeys(["children", "episodes", "queries", "children_with_problems"], 1),
        errors=0,
        seconds=1.0,
    )
    breach = CensusBreach.objects.create(
        census_check=check, rule="8897Q", is_query=True, child=child, episode=social_care
    )
    complaint, learning = _complaint_about_another_child(council)
    views_link = _views_from(child, duty)
    wheel = ensure_wheel()
    ids = {
        "breach_id": breach.pk,
        "child_id": child.pk,
        "episode_id": social_care.pk,
        "entry_id": ChronologyEntry.objects.filter(child=child).first().pk,
        "decision_id": decision.pk,
        "step_id": step.pk,
        "assessment_id": assessment.pk,
        "section47_id": section47.pk,
        "plan_id": plan.pk,
        "protection_id": 0,
        "panel_id": panel_case.panel_id,
        "case_id": panel_case.pk,
        "round_id": audit_round.pk,
        "sample_id": sample.pk,
        "audit_id": audit.pk,
        "action_id": AuditAction.objects.get(audit=audit).pk,
        "observation_id": plan_observation(council).pk,
        "visit_id": visit.pk,
        "record_id": home_visit.pk,
        "summary_id": summary.pk,
        "member_id": member.pk,
        "support_id": support.pk,
        "referral_id": referral.pk,
        "escalation_id": escalation.pk,
        "letter_id": letter.pk,
        "offer_id": offer.pk,
        "meeting_id": meeting.pk,
        "change_id": role_change.pk,
        # The duty social worker who holds her social care: their caseload lists her.
        "worker_id": duty.pk,
        "run_id": 0,
        "job_id": 0,
        # Improvement plans and reports to scrutiny name no child; the measure lists only the
        # children the reader may see.
        "area_id": 0,
        "report_id": 0,
        "key": "drift_flags_per_100",
        "complaint_id": complaint.pk,
        "learning_id": learning.pk,
        "complaint_letter_id": ResponseLetter.objects.get(stage__complaint=complaint).pk,
        "link_id": views_link.pk,
        # Her own contact details (a parent's are walked the same way).
        "person_id": child.pk,
        "team_id": council.eh_team.pk,
        "service_id": council.eh_team.service_id,
        "issue_id": _you_said_issue(council).pk,
        # Journey's own outcome tool and its version (no child's record).
        "tool_id": wheel.tool_id,
        "version_id": wheel.pk,
        # Peer challenge: no review exists in the world, so every page is a 404.
        "review_id": 0,
        "line_id": 0,
        "review_case_id": 0,
        "finding_id": 0,
        "team_member_id": 0,
        "review_session_id": 0,
        "review_document_id": 0,
    }
    early = {"episode_id": early_help.pk}
    by_name = {
        "caf_assessment": early,
        "new_caf_assessment": early,
        "hold_taf_meeting": early,
        "early_help_plan": early,
        "close_early_help": early,
        "record_action_progress": {**early, "action_id": plan_action.pk},
    }
    sources = sorted(
        set(
            ChronologyEntry.objects.filter(child=child).values_list(
                "source_app", "source_model", "source_pk"
            )
        )
    )
    return World(child, ids, by_name, sources)


def _views_from(child, worker):
    """Her own views, sent by text through a secure link and answered."""
    record_contact_details(child, ContactDetails(mobile="07700 900321"), by=worker.user)
    sent = send_views_link(
        child,
        LinkRequest(child, "older_child", "meeting", "text"),
        by=worker.user,
        base_url="http://testserver",
    )
    submit_views(sent.link, {"going_well": "Art", "worries": "Moving", "would_like": "Stay"})
    return sent.link


def _complaint_about_another_child(council):
    """A complaint, answered at stage 1 with a learning action, about a child who is not her."""
    officer = council["complaints_officer"]
    other = make_child(council["team_manager"], first_name="Ivo", last_name="Brandt")
    complaint = complaints.record_complaint(
        complaint_input(council, [other], received_on=timezone.localdate() - dt.timedelta(5)),
        by=officer.user,
    )
    complaint_stages.record_response(
        complaint,
        complaint_stages.ResponseInput(timezone.localdate(), outcomes(complaint), "Dear Mr Brandt"),
        by=officer.user,
    )
    learning = complaints.add_learning(
        complaint,
        complaints.LearningInput(
            "Calls went unanswered",
            "A duty phone rota",
            council["team_manager"],
            timezone.localdate() + dt.timedelta(days=30),
        ),
        by=officer.user,
    )
    return complaint, learning


def _you_said_issue(council):
    return you_said.record_issue(
        you_said.IssueInput("Waiting rooms are boring", "Youth Council", timezone.localdate()),
        by=council["participation_officer"].user,
    )


def urls_for(world: World) -> list[tuple[str, str]]:
    """(name, URL) for every named URL that takes an id, with the world's real ids."""
    urls = []
    for name, converters in _walk(get_resolver()):
        if not converters or name in NOT_WALKED or name.startswith("admin:"):
            continue
        unknown = set(converters) - set(world.ids) - {"app", "model", "pk"}
        assert not unknown, f"{name}: map {sorted(unknown)} to a record in this test's world"
        if "app" in converters:
            for app, model, pk in world.sources:
                kwargs = {"child_id": world.child.pk, "app": app, "model": model, "pk": pk}
                urls.append((f"{name}:{model}", reverse(name, kwargs=kwargs)))
            continue
        ids = {**world.ids, **world.by_name.get(name, {})}
        urls.append((name, reverse(name, kwargs={k: ids[k] for k in converters})))
    return urls


def walk(client, user, urls) -> list[tuple[str, str, int, str]]:
    """Every URL, GET then POST (her records only: a panel's or a visit's owner may change
    those, tested on their own): (name, method, status, body); each 403 must be logged."""
    client.force_login(user)
    seen = []
    for name, url in urls:
        methods = ("get",) if name.split(":")[0] in NOT_HER_RECORD else ("get", "post")
        for method in methods:
            denied_before = AccessEvent.objects.filter(user=user, action="denied").count()
            response = getattr(client, method)(url, POSTED if method == "post" else None)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode(errors="replace")
            if response.status_code == 403:
                logged = AccessEvent.objects.filter(user=user, action="denied").count()
                assert logged == denied_before + 1, f"{method.upper()} {name}: 403 not logged"
            seen.append((name, method, response.status_code, text))
    return seen


def refused_roles(council, child) -> list[str]:
    return [role for role in Role.values if not can_view_child(council[role].user, child).allowed]


@pytest.mark.parametrize("restricted", [False, True], ids=["open record", "restricted record"])
def test_whoever_may_not_see_the_child_gets_nothing_from_any_of_her_urls(
    council, client, world, restricted
):
    if restricted:
        Person.objects.filter(pk=world.child.pk).update(is_restricted=True)
    roles = refused_roles(council, world.child)
    # The reviewer's visit and the QA officer's audit hold grants for her; a restricted record
    # needs one, whatever the role.
    expected = set(Role.values) - {Role.REVIEWER, Role.QA_OFFICER}
    if not restricted:
        expected -= {Role.HEAD_OF_SERVICE, *SEE_EVERY_CHILD}
    assert set(roles) == expected
    urls = urls_for(world)
    before = _snapshot()
    leaks = []
    for role in roles:
        for name, method, status, text in walk(client, council[role].user, urls):
            opened = status not in REFUSED and name.split(":")[0] not in NOT_HER_RECORD
            if opened or NAME in text or any(secret in text for secret in SECRETS):
                leaks.append(f"{role} {method.upper()} {name}: {status}")
    assert not leaks, "\n".join(leaks)
    assert _snapshot() == before
    requests = len(roles) * len(urls) * 2
    assert requests > 500  # the matrix really walked (figures for the issue's note)


def test_a_partner_sees_only_the_early_help_they_lead_on_every_page(council, client, world):
    partner = council["external_lead"]
    early_help = world.child.episodes.get(kind=EpisodeKind.EARLY_HELP_CAF)
    case_services.allocate(
        early_help,
        worker=partner,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=timezone.localdate(),
        allocated_by=council["head_of_service"].user,
    )
    assert can_view_child(partner.user, world.child).allowed
    urls = urls_for(world) + [
        (name, reverse(name))
        for name, converters in _walk(get_resolver())
        if not converters and name not in NOT_WALKED and not name.startswith("admin:")
    ]
    leaks = []
    for name, method, status, text in walk(client, partner.user, urls):
        if method == "get" and any(secret in text for secret in SECRETS):
            leaks.append(f"GET {name}: {status}")
        if method == "get" and status == 200 and name in SOCIAL_CARE_PAGES:
            leaks.append(f"GET {name}: social care opened")
    assert not leaks, "\n".join(leaks)


#: Pages of her social care work (the walk's episode_id is the social care episode).
SOCIAL_CARE_PAGES = {
    "social_care_record",
    "supervision",
    "single_assessment",
    "allocate",
    "close_episode",
    "correct_referral_details",
    "request_step_change",
    "review_decision",
    "case_audit",
    "family_group",
    "letter_before_proceedings_pdf",
    "write_letter_before_proceedings",
    "record_family_group_offer",
    "record_family_group_answer",
    "record_family_group_meeting",
    "review_family_plan",
    "record_best_interests_exception",
    "record_court_application",
}
