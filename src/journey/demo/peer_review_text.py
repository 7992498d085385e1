"""The words of the demo council's peer challenge reviews (R14), in the project's own words,
modelled on a real review of early help and its interface with children's social care: the
team, the key lines of enquiry, the visit's schedule, and what the team found. The areas for
development carry the titles of the improvement plan's areas (journey.demo.improvement.AREAS),
so the plan the letter becomes is the plan the demo's year of work follows."""

from __future__ import annotations

from dataclasses import dataclass

#: (username, first name, last name, organisation, team role)
TEAM = (
    ("r.okafor", "Ruth", "Okafor", "Northdale Council", "lead"),
    ("d.hewitt", "Daniel", "Hewitt", "Westmarsh Council", "director"),
    ("cllr.brennan", "Siobhan", "Brennan", "Eastbrook Council", "member_peer"),
    ("m.lindqvist", "Marta", "Lindqvist", "Southvale Safeguarding Partnership", "board_chair"),
)
#: The review in preparation: the demo reviewer leads it.
NEXT_TEAM = (
    ("reviewer", "", "", "", "lead"),
    ("t.achebe", "Tobi", "Achebe", "Riverford Council", "director"),
    ("cllr.pearce", "Alan", "Pearce", "Northdale Council", "member_peer"),
)


@dataclass(frozen=True)
class DemoLine:
    title: str
    theme: str
    questions: str
    evidence: str
    criterion: str
    months: int | None
    size: int


LINES = (
    DemoLine(
        "Thresholds between early help and children in need",
        "thresholds",
        "Are the thresholds between early help and children in need understood by staff and "
        "partners, and applied the same way?",
        "Threshold decisions at the front door; the multi-agency support panel; case files of "
        "children stepped up from early help.",
        "stepped_up",
        12,
        6,
    ),
    DemoLine(
        "Stepping up and stepping down",
        "stepping",
        "Are children stepped up to children in need and down to early help when they should "
        "be, and are the right decisions made?",
        "Case files of children stepped down; joint hand-over meetings; the views of staff.",
        "stepped_down",
        12,
        6,
    ),
    DemoLine(
        "The quality of early help assessments and plans",
        "early_help",
        "Are early help assessments and TAF plans consistently good, and do they stop drift?",
        "Early help case files; the CAF tracker; a TAF meeting; parents' views of early help.",
        "early_help_open",
        None,
        6,
    ),
    DemoLine(
        "The voice of the child",
        "voice",
        "How far do children and young people shape their own plans, and our policy and practice?",
        "A focus group with the youth council and young inspectors; the child's views in "
        "assessments and plans.",
        "cin_interface",
        12,
        4,
    ),
)

#: (kind, title, day of the visit (0, 1, 2), start hour, end hour, place, who attends, lines)
SESSIONS = (
    (
        "managers",
        "Opening discussion with the assistant director and heads of service",
        0,
        9,
        10,
        "Civic Centre, committee room 1",
        "The assistant director and the heads of service",
        (1, 2, 3, 4),
    ),
    (
        "case_audit",
        "Case file audits: thresholds and stepping up",
        0,
        10,
        13,
        "Civic Centre, room 2",
        "The review team, with a team manager on hand",
        (1, 2),
    ),
    (
        "panel",
        "Observation of the multi-agency support panel",
        0,
        14,
        16,
        "Civic Centre, committee room 2",
        "Panel members from the council, health, schools and police",
        (1,),
    ),
    (
        "case_audit",
        "Case file audits: early help and the voice of the child",
        1,
        9,
        12,
        "Civic Centre, room 2",
        "The review team",
        (3, 4),
    ),
    (
        "focus_group",
        "Focus group with the youth council and young inspectors",
        1,
        16,
        17,
        "The Hub youth centre",
        "Eight young people and the participation officer",
        (4,),
    ),
    (
        "practitioners",
        "Early help practitioners' forum",
        1,
        13,
        15,
        "Children's centre, Castlegate",
        "Early help practitioners and partners' lead professionals",
        (2, 3),
    ),
    (
        "partners",
        "Discussion with the safeguarding partnership's chair",
        2,
        9,
        10,
        "Civic Centre, room 3",
        "The independent chair of the safeguarding partnership",
        (1, 2),
    ),
    (
        "visit",
        "Visit to a children's centre and a TAF meeting",
        2,
        10,
        12,
        "Children's centre, Castlegate",
        "A family (with their agreement), the lead professional",
        (3, 4),
    ),
)


@dataclass(frozen=True)
class DemoFinding:
    line: int
    kind: str
    theme: str
    summary: str
    evidence: str
    recommendation: str = ""
    detail: str = ""


STRENGTHS = (
    DemoFinding(
        1,
        "strength",
        "thresholds",
        "No child was found where urgent action was needed to keep them safe",
        "None of the sampled cases, and nothing seen at the panel, needed escalating.",
    ),
    DemoFinding(
        1,
        "strength",
        "thresholds",
        "Thresholds are clearly defined and understood by managers and frontline staff",
        "Staff at the panel and the forum described the thresholds the same way; the "
        "sampled decisions matched them.",
    ),
    DemoFinding(
        2,
        "strength",
        "stepping",
        "Stepping up and down has been strengthened and is well understood at all levels",
        "In the sampled cases the process was followed; staff said it worked.",
    ),
    DemoFinding(
        3,
        "strength",
        "early_help",
        "The CAF tracker is a good tool for finding drift, and the assessments read were "
        "of good quality",
        "The tracker was demonstrated; most sampled early help cases were graded good.",
    ),
    DemoFinding(
        3,
        "strength",
        "partnership",
        "Training has brought more partners forward as lead professionals",
        "Partners at the forum were leading plans and valued the support they had.",
    ),
    DemoFinding(
        4,
        "strength",
        "voice",
        "Children and young people were articulate and are already changing policy",
        "The youth council sits on the scrutiny panel; young inspectors described "
        "changes they had made.",
    ),
)

#: Areas for development: (line, theme, area title in the improvement plan, what was found,
#: the recommendation).
DEVELOPMENT = (
    (
        2,
        "recording",
        "Raise the quality of case recording, supervision and management oversight",
        "Supervision and the reasons for decisions were not written on every case record read.",
        "Record supervision and the reasons for decisions on every child's record, and audit it.",
    ),
    (
        4,
        "quality_assurance",
        "Use complaints to learn and to improve practice",
        "Complaints were handled case by case; what they taught was not gathered or reported.",
        "Report complaints and their learning each year to scrutiny.",
    ),
    (
        1,
        "leadership",
        "Move the duty and assessment team to a room fit for the work",
        "The duty team shares an open office with planning: calls about children can be overheard.",
        "Move the duty and assessment team to a confidential area.",
    ),
    (
        3,
        "quality_assurance",
        "Embed the quality assurance framework and a systematic approach to audit",
        "Quality assurance is developing but not yet routine in every service; audits are not on "
        "the child's record.",
        "Embed the framework, audit systematically, and observe frontline practice.",
    ),
    (
        3,
        "early_help",
        "Make early help under the CAF consistent and good",
        "Some plans drifted and some TAF meetings were late; practice leans on one coordinator.",
        "Hold plans to their timescales and build resilience beyond one coordinator.",
    ),
    (
        3,
        "early_help",
        "Measure the difference early help makes to families",
        "An outcome tool is described in the papers, but there was little sign it is used or "
        "reported.",
        "Measure families' progress and use what parents say to evaluate early help.",
    ),
    (
        2,
        "mental_health",
        "Improve joint working with health, above all child and adolescent mental health",
        "Children wait a long time for mental health services and staff struggle to engage them.",
        "Take access to child and adolescent mental health services to a senior level now.",
    ),
    (
        4,
        "workforce",
        "Review the caseloads of the specialist disabled children's workers",
        "The specialist worker's caseload still appeared high, as the last inspection found.",
        "Review the specialist caseloads.",
    ),
    (
        4,
        "voice",
        "Make sure children's views shape their plans and our services",
        "Children's voice at a strategic level needs embedding, and its impact reporting.",
        "Report the impact of children's views to scrutiny and the safeguarding partnership.",
    ),
)

LETTER_OPENING = (
    "Thank you for hosting the peer challenge and to everyone who gave us their time, above all "
    "the children, young people and families we met. You asked us to look at thresholds, "
    "stepping up and down, the quality of early help assessments and the voice of the child. "
    "Our findings on each are below."
)
LETTER_CLOSING = (
    "We found committed staff, managers who know what good looks like and practice centred on "
    "the child. The areas for development are ones you already recognise; we look forward to "
    "hearing how you take them forward."
)
