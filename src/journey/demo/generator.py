"""The deterministic synthetic council (DESIGN §4).

The same seed and "as of" date give the same council. Children are generated family by family
in chunks and bulk-inserted, but every row is built the way the services build it: the same
models with their history rows, and chronology entries from the services' own entry builders.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker
from simple_history.utils import bulk_create_with_history

from journey.access.administrators import administrators_group
from journey.cases.models import (
    ClosureViews,
    Contact,
    EarlyHelpClosureReason,
    Episode,
    EpisodeKind,
    FamilyHelpDescriptor,
    NextStep,
    StepChange,
    ThresholdDecision,
    ThresholdFramework,
    ThresholdIndicator,
    ThresholdLevelDescriptor,
)
from journey.cases.services import (
    allocation_entry,
    contact_entries,
    episode_closed_entry,
    episode_opened_entry,
    manager_review_entry,
)
from journey.cases.stepping import (
    STEP_UP_REFERRAL_SOURCE,
    handed_over_entry,
    step_decided_entry,
    step_requested_entry,
)
from journey.casework.models import (
    ActionProgress,
    Assessment,
    CaseNote,
    EmergencyProtection,
    FamilyBenefit,
    Meeting,
    Plan,
    PlanAction,
    PlanReview,
    Section47,
    Supervision,
)
from journey.casework.services import (
    assessment_entry,
    case_note_entry,
    family_benefit_entry,
    meeting_entry,
    plan_started_entry,
)
from journey.casework.supervision.selectors import interval_days
from journey.casework.supervision.services import supervision_entry
from journey.casework.visits.schedule import next_visit_due
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core import codes
from journey.core.identifiers import make_nhs_number, make_upn
from journey.core.models import RecordGrant
from journey.core.services import next_number
from journey.core.working_days import census_year_start
from journey.demo import child_views
from journey.demo.bulk import FastInserter
from journey.demo.family_help import seed_family_help
from journey.demo.panels import seed_panels
from journey.demo.partners import service_agencies
from journey.demo.quality import seed_audits
from journey.demo.social_care import SocialCareWork
from journey.people.genogram.services import check_family
from journey.people.models import (
    Agency,
    Household,
    HouseholdMember,
    Person,
    PersonDisability,
    PersonName,
    Relationship,
)
from journey.people.services import child_recorded_entry, new_local_id
from journey.workforce.models import Allocation, Role, Service, Team, Worker

DEMO_PASSWORD = "journey-demo-2026"
BATCH = 5000


@dataclass(frozen=True)
class Size:
    children: int
    workers: int
    eh_teams: int
    sc_teams: int
    schools: int
    health: int
    chunk: int = 1000


SIZES = {
    # `tiny` exists for the test suite: the same generator, quick enough to run in every test run.
    "tiny": Size(children=60, workers=24, eh_teams=2, sc_teams=3, schools=2, health=1, chunk=30),
    "small": Size(children=2_000, workers=40, eh_teams=2, sc_teams=3, schools=6, health=2),
    "large": Size(children=60_000, workers=900, eh_teams=12, sc_teams=24, schools=60, health=8),
    "national": Size(
        children=400_000, workers=6_000, eh_teams=80, sc_teams=160, schools=300, health=40
    ),
}


def numbered_apart(names: list[str]) -> list[str]:
    """The names, each used once: a name met again (more teams than areas, at national size)
    is numbered ("Early Help Ashby Vale 2"); names met once are left as they are."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return unique


def team_names(size: Size) -> tuple[list[str], list[str]]:
    """The early help and social care teams' names, by area, each used once."""
    eh_names = [f"Early Help {AREAS[i % len(AREAS)]}" for i in range(size.eh_teams)]
    sc_base = ["Duty and Assessment", "Child in Need and Protection", "Children with Disabilities"]
    sc_names = [
        sc_base[i % 3] + ("" if i < 3 else f" {AREAS[(i // 3) % len(AREAS)]}")
        for i in range(size.sc_teams)
    ]
    return numbered_apart(eh_names), numbered_apart(sc_names)


#: The demo sign-ins printed by `make run`: one per role.
DEMO_USERS = [
    ("practitioner", "Priya", "Shah", Role.PRACTITIONER),
    ("social.worker", "Sam", "Okafor", Role.SOCIAL_WORKER),
    ("team.manager", "Tess", "Morgan", Role.TEAM_MANAGER),
    ("head.of.service", "Hugh", "Bennett", Role.HEAD_OF_SERVICE),
    ("assistant.director", "Alys", "Douglas", Role.ASSISTANT_DIRECTOR),
    ("qa.officer", "Quinn", "Ellis", Role.QA_OFFICER),
    ("performance.officer", "Dev", "Anand", Role.PERFORMANCE_OFFICER),
    ("complaints.officer", "Cara", "Lloyd", Role.COMPLAINTS_OFFICER),
    ("participation.officer", "Pat", "Reyes", Role.PARTICIPATION_OFFICER),
    ("lead.professional", "Leah", "Fox", Role.EXTERNAL_LEAD_PROFESSIONAL),
    ("admin", "Adam", "Wright", Role.ADMINISTRATOR),
]

AREAS = [
    "Ashby Vale",
    "Brookfield",
    "Castlegate",
    "Dunmere",
    "Eastwick",
    "Fairford",
    "Glenholme",
    "Harrowby",
    "Kingsmead",
    "Lowther",
    "Millbrook",
    "Northam",
    "Oakhurst",
    "Redcliffe",
    "Southmoor",
    "Thornbury",
    "Upton Green",
    "Westerleigh",
]

CONTACT_SUMMARIES = [
    "School reports {name} has been arriving hungry and tired, with poor attendance this term.",
    "Health visitor concerned about home conditions and the parent's low mood after the birth.",
    "Police attended a domestic incident at the home; {name} was present and upset.",
    "Parent asked for help with {name}'s behaviour at home and at school.",
    "Neighbour reports {name} left alone in the evenings on several occasions.",
    "GP concerned about missed appointments and an unexplained bruise on {name}'s arm.",
    "School nurse reports {name} disclosed worries about a parent's drinking.",
    "Housing report the family face eviction and are living in one room.",
]
RATIONALES = [
    "I weighed the school's attendance concerns against the family's engagement and their "
    "wish for support; the needs are {needs}, so level {level} with {step} is proportionate.",
    "{name} told the referrer they feel safe at home. The risks identified are {needs}; the "
    "parents accept help, and I decided {step} meets the need at level {level}.",
    "There is a pattern over three contacts: {needs}. Strengths are a supportive grandparent "
    "and good school links, but the concerns need {step} at level {level}.",
]
NOTES = [
    "Home visit. {name} showed me their room and talked about school. Home conditions improved.",
    "Visit after school. {name} was quiet at first; we used the three houses tool together.",
    "Phone call with parent about progress against the plan; appointment with GP now booked.",
    "Visit with the family support worker. Routines are better; attendance up to 92%.",
    "Spoke with the school's designated safeguarding lead; no new concerns this week.",
]
#: What children said at visits (the demo's words, cycled: no randomness drawn for them).
CHILD_WORDS = [
    "I like it better now mum isn't shouting.",
    "I want to stay at this school.",
    "Can you come back next week? I'll show you my drawing.",
    "I get scared when dad comes round late.",
    "My teacher said I did good at reading.",
]
THRESHOLD_LEVELS = [
    (1, "Children whose needs are met by universal services: school, GP, health visiting."),
    (2, "Children with additional needs that one agency can meet with extra support."),
    (3, "Children with multiple needs that need a co-ordinated multi-agency plan (CAF/TAF)."),
    (4, "Children in need of specialist help, or at risk of significant harm (s17 / s47)."),
]
#: The Families First wording of the framework, for the locality that works as Family Help.
FAMILY_HELP_DESCRIPTORS = [
    (
        "targeted",
        "Levels 2 and 3",
        "Families who need help from more than one service, led by one Family Help lead "
        "practitioner from whichever agency knows them best, with one plan agreed with them.",
    ),
    (
        "in_need",
        "Level 4",
        "Children in need under section 17: the same Family Help and lead practitioner, with a "
        "single assessment and the plan stepped up; a manager decides when it starts and ends.",
    ),
    (
        "protection",
        "Level 4, significant harm",
        "Reasonable cause to suspect significant harm: a section 47 enquiry led by a lead child "
        "protection practitioner from the multi-agency child protection team, beside the Family "
        "Help lead practitioner, who stays.",
    ),
]
THRESHOLD_INDICATORS = [
    (1, "Attending school regularly, health needs met"),
    (2, "Attendance between 85% and 90%"),
    (2, "Parent asking for help with routines or behaviour"),
    (3, "Persistent absence with several agencies worried"),
    (3, "Parental mental health affecting day-to-day care"),
    (3, "Domestic abuse incident, child not injured, parent engaging"),
    (4, "Disclosure or evidence of abuse or neglect"),
    (4, "Repeated domestic abuse with the child present"),
    (4, "Parent unable to keep the child safe despite support"),
]
SUPERVISION_NOTES = [
    "Reflected on {name}'s progress and the family's engagement; considered whether the plan "
    "still matches the risks.",
    "Discussed the latest visit: {name} seen alone and spoke about school. Hypotheses reviewed.",
    "Reviewed drift: two actions late. Agreed who will chase the school and health visitor.",
]
EH_CLOSURES = [
    (EarlyHelpClosureReason.OUTCOMES_MET, 60),
    (EarlyHelpClosureReason.UNIVERSAL, 15),
    (EarlyHelpClosureReason.CONSENT_WITHDRAWN, 10),
    (EarlyHelpClosureReason.MOVED_AWAY, 10),
]
STEP_UP_RATIONALE = (
    "Despite the TAF plan, the worries about {name} have grown: new injuries seen at school, "
    "the parent has stopped engaging and the risks now meet the level 4 threshold."
)
STEP_DOWN_RATIONALE = (
    "The child in need plan has worked: {name} is safe, the parent is engaging and the "
    "remaining needs can be met by a multi-agency early help plan."
)
STEP_UP_EVIDENCE = (
    "Two of the last three TAF meetings were missed; the key actions are overdue and the "
    "latest review found no change in home conditions."
)
STEP_DOWN_EVIDENCE = (
    "All child in need plan actions are complete; the last two reviews found home conditions "
    "good and school attendance over 95%."
)
STEP_DECLINED_REASON = (
    "The needs are met by the current plan with a health visitor added; review in four weeks "
    "and ask again if the concerns grow."
)
SC_CLOSURES = [("RC8", 30), ("RC7", 35), ("RC9", 20), ("RC5", 8), ("RC3", 4), ("RC4", 3)]
ETHNICITIES = [
    ("WBRI", 74),
    ("WOTH", 4),
    ("MWBC", 3),
    ("MOTH", 3),
    ("AIND", 2),
    ("APKN", 3),
    ("BAFR", 3),
    ("BCRB", 1),
    ("CHNE", 1),
    ("WIRI", 1),
    ("OOTH", 1),
    ("NOBT", 2),
    ("REFU", 2),
]

#: Disabilities of the children who have one, roughly as often as the CIN census shows them.
DISABILITIES = [
    ("LD", 24), ("AUT", 22), ("BEH", 18), ("COMM", 14), ("MOB", 6), ("HAND", 3), ("PC", 3),
    ("INC", 3), ("HEAR", 3), ("VIS", 2), ("CON", 2), ("DDA", 5),
]  # fmt: skip
#: LA codes at characters 2-4 of the demo children's UPNs: where each was first allocated.
CONTACT_NOTES = [
    "Child arrangements order: supervised contact at the family centre, fortnightly.",
    "Supervised by the paternal grandmother under the safety plan agreed at conference.",
]
GRANDPARENT_NAMES = {
    "F": ["Joan", "Margaret", "Patricia", "Linda", "Sandra", "Brenda"],
    "M": ["Fred", "Keith", "Derek", "Graham", "Roy", "Malcolm"],
}
UPN_LA_CODES = ["938", "936", "826", "850"]


CHILD_VIEWS = [
    "{name} said they like the breakfast club and want to keep going.",
    "{name} drew their family and said they feel happier when mum is not shouting.",
    "{name} told us they worry about money at home and want their own bed.",
    "{name} said school is better now they sit next to their friend.",
    "{name} wants to see their dad more often and to join the football club.",
]
#: SMART actions a TAF agrees, and who usually owns them.
SMART_ACTIONS = [
    ("Offer {name} a daily breakfast club place and report attendance each week", "school"),
    ("Attend the 8-week Triple P parenting course at the family hub", "family"),
    ("Refer {name} to the school nurse for a health and sleep review", "lead"),
    ("Apply for a school uniform grant and help the family with the form", "worker"),
    ("Book a GP appointment for {name}'s asthma review and attend it", "family"),
    ("Complete a debt and benefits check with the family", "worker"),
    ("Put a weekly check-in with a trusted adult in place for {name}", "school"),
    ("Make a referral to the young carers' service for {name}", "lead"),
    ("Agree a bedtime routine and keep a two-week sleep diary", "family"),
    ("Contact the housing officer about the damp in {name}'s bedroom", "worker"),
]
PROGRESS_NOTES = [
    "Started: first session attended; family engaged.",
    "Chased by phone; appointment now booked.",
    "Partly done: referral sent, waiting for a date.",
    "Discussed at the home visit; the family are working on it.",
]
DONE_NOTES = [
    "attendance now over 95%.",
    "course completed and certificate received.",
    "appointment attended; follow-up not needed.",
    "grant paid; uniform bought.",
]


def action_progress_entry(progress: ActionProgress) -> ChronologyEntry:
    """The chronology entry record_action_progress writes for a progress note."""
    action = progress.action
    label = PlanAction.Status(progress.status_after).label.lower()
    return build_entry(
        child_id=action.plan.episode.child_id,
        episode_id=action.plan.episode_id,
        kind=EntryKind.PLAN,
        title=f"Action update ({label}): {action.description[:80]}",
        summary=progress.note,
        occurred_at=start_of(progress.noted_on),
        source=progress,
        recorded_by=progress.recorded_by,
    )


def pick(rng: random.Random, weighted: list[tuple]) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Workforce:
    users: dict[str, object] = field(default_factory=dict)
    by_team: dict[int, list[Worker]] = field(default_factory=dict)
    managers: dict[int, Worker] = field(default_factory=dict)
    eh_teams: list[Team] = field(default_factory=list)
    sc_teams: list[Team] = field(default_factory=list)
    external_leads: list[Worker] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    schools: list[Agency] = field(default_factory=list)


@dataclass
class Chunk:
    """Everything generated for one chunk of families, inserted together."""

    persons: list[Person] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)
    disabilities: list[PersonDisability] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    members: list[HouseholdMember] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    decisions: list[ThresholdDecision] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    allocations: list[tuple[Allocation, Allocation | None]] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)
    progress: list[ActionProgress] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)
    supervisions: list[Supervision] = field(default_factory=list)
    grants: list[RecordGrant] = field(default_factory=list)
    step_changes: list[StepChange] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    reviews: list[PlanReview] = field(default_factory=list)
    protections: list[EmergencyProtection] = field(default_factory=list)
    closure_views: list[ClosureViews] = field(default_factory=list)
    benefits: list[FamilyBenefit] = field(default_factory=list)
    #: Entries whose builders need the rows' keys: called once the chunk is inserted.
    later_entries: list[Callable[[], ChronologyEntry]] = field(default_factory=list)


class CouncilGenerator:
    def __init__(self, size: str, seed: int, as_of: dt.date, log: Callable[[str], None]):
        self.size_name = size
        self.size = SIZES[size]
        self.seed = seed
        self.rng = random.Random(seed)
        # Step changes draw on their own stream, so adding them left the rest of the council as
        # it was.
        self.step_rng = random.Random(seed + 1)
        # Family networks (partnerships, grandparents, contact) too.
        self.family_rng = random.Random(seed + 15)
        # The statutory social care records (assessments, section 47s, conferences, plans) too.
        # Emergency protection draws on a stream of its own, so adding it left the rest as it was.
        self.social_care = SocialCareWork(
            random.Random(seed + 4), as_of, protection_rng=random.Random(seed + 6)
        )
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.as_of = as_of
        self.now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(17, 0)))
        self.log = log
        self.password = make_password(DEMO_PASSWORD)
        self.wf = Workforce()
        self.upn_serial = 0
        self.inserter = FastInserter(self.now)
        self.nhs_serial = 0

    # --- workforce ---------------------------------------------------------------------------

    def build_workforce(self) -> None:
        User = get_user_model()
        council = Agency.objects.create(name="Fairshire Council", kind=Agency.Kind.COUNCIL)
        schools = [
            Agency(name=f"{area} {kind}", kind=Agency.Kind.SCHOOL)
            for area, kind in zip(
                (AREAS * 50)[: self.size.schools],
                (["Primary School", "Academy", "Infant School", "High School"] * 500),
                strict=False,
            )
        ]
        schools = [
            Agency(name=f"{a.name} {i // len(AREAS) or ''}".strip(), kind=a.kind)
            for i, a in enumerate(schools)
        ]
        health = [
            Agency(name=f"Fairshire Health Visiting {i + 1}", kind=Agency.Kind.HEALTH)
            for i in range(self.size.health)
        ]
        others = [
            Agency(name="Fairshire Police", kind=Agency.Kind.POLICE),
            Agency(name="Fairshire Homes", kind=Agency.Kind.HOUSING),
            Agency(name="Family Lives Fairshire", kind=Agency.Kind.VOLUNTARY),
        ]
        Agency.objects.bulk_create(schools + health + others)
        self.wf.agencies = list(Agency.objects.exclude(pk=council.pk))
        self.wf.schools = [a for a in self.wf.agencies if a.kind == Agency.Kind.SCHOOL]
        partner_agencies = [a for a in self.wf.agencies if a.kind in {"school", "health"}]
        # The agencies that run the partner services the council refers children to (seeded
        # in demo/partners.py), made here with the council's other agencies.
        Agency.objects.bulk_create(service_agencies())

        eh = Service.objects.create(name="Early Help", kind=Service.Kind.EARLY_HELP)
        sc = Service.objects.create(name="Children's Social Care", kind=Service.Kind.SOCIAL_CARE)
        qa = Service.objects.create(name="Quality and Improvement", kind=Service.Kind.QUALITY)
        eh_names, sc_names = team_names(self.size)
        self.wf.eh_teams = Team.objects.bulk_create([Team(name=n, service=eh) for n in eh_names])
        self.wf.sc_teams = Team.objects.bulk_create([Team(name=n, service=sc) for n in sc_names])
        qa_team = Team.objects.create(name="Quality Assurance", service=qa)

        users: list = []
        workers: list[Worker] = []

        def add(username, first, last, role, team=None, service=None, agency=council, staff=False):
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@fairshire.example",
                password=self.password,
                is_staff=staff,
            )
            users.append(user)
            workers.append(
                Worker(
                    user=user,
                    role=role,
                    team=team,
                    service=service,
                    agency=agency,
                    job_title=role.label,
                )
            )

        first_eh, first_sc = self.wf.eh_teams[0], self.wf.sc_teams[1]
        placement = {
            Role.PRACTITIONER: {"team": first_eh},
            Role.SOCIAL_WORKER: {"team": first_sc},
            Role.TEAM_MANAGER: {"team": first_sc},
            Role.HEAD_OF_SERVICE: {"service": sc},
            Role.QA_OFFICER: {"team": qa_team},
            Role.PERFORMANCE_OFFICER: {"team": qa_team},
            Role.EXTERNAL_LEAD_PROFESSIONAL: {"agency": partner_agencies[0]},
            Role.ADMINISTRATOR: {"staff": True},
        }
        for username, first, last, role in DEMO_USERS:
            add(username, first, last, role, **placement.get(role, {}))

        def person_name():
            return self.fake.first_name(), self.fake.last_name()

        def username(first, last):
            return f"{first}.{last}.{len(users)}".lower().replace("'", "")

        f, la = person_name()
        add(username(f, la), f, la, Role.HEAD_OF_SERVICE, service=eh)
        all_teams = self.wf.eh_teams + self.wf.sc_teams
        for team in all_teams:
            if team.pk != first_sc.pk:
                f, la = person_name()
                add(username(f, la), f, la, Role.TEAM_MANAGER, team=team)
        n_external = max(2, self.size.workers // 12)
        for i in range(n_external - 1):
            f, la = person_name()
            add(
                username(f, la),
                f,
                la,
                Role.EXTERNAL_LEAD_PROFESSIONAL,
                agency=partner_agencies[(i + 1) % len(partner_agencies)],
            )
        i = 0
        while len(workers) < self.size.workers:
            team = all_teams[i % len(all_teams)]
            role = Role.PRACTITIONER if team.service_id == eh.pk else Role.SOCIAL_WORKER
            f, la = person_name()
            add(username(f, la), f, la, role, team=team)
            i += 1
        User.objects.bulk_create(users, batch_size=BATCH)
        # Administrators are staff, never superusers: the group holds what they may change.
        administrators_group().user_set.add(*[u for u in users if u.is_staff])
        for worker in workers:
            worker.user = worker.user  # refresh the user_id now that users have keys
        bulk_create_with_history(workers, Worker, batch_size=BATCH)
        for worker in workers:
            if worker.role == Role.EXTERNAL_LEAD_PROFESSIONAL:
                self.wf.external_leads.append(worker)
            elif worker.team_id and worker.role == Role.TEAM_MANAGER:
                self.wf.managers[worker.team_id] = worker
            if worker.team_id and worker.role in {Role.PRACTITIONER, Role.SOCIAL_WORKER}:
                self.wf.by_team.setdefault(worker.team_id, []).append(worker)
            self.wf.users[worker.user.username] = worker.user
        for team in all_teams:
            self.wf.by_team.setdefault(team.pk, [self.wf.managers[team.pk]])
        self.log(f"  workforce: {len(workers)} workers in {len(all_teams) + 1} teams")

    # --- children and their journeys ----------------------------------------------------------

    def build_threshold_framework(self) -> None:
        """The council's threshold document, in force since before the first demo contact."""
        framework = ThresholdFramework.objects.create(
            name="Fairshire continuum of need",
            effective_from=self.as_of - dt.timedelta(days=7 * 365),
        )
        ThresholdLevelDescriptor.objects.bulk_create(
            ThresholdLevelDescriptor(framework=framework, level=level, descriptor=text)
            for level, text in THRESHOLD_LEVELS
        )
        FamilyHelpDescriptor.objects.bulk_create(
            FamilyHelpDescriptor(
                framework=framework, intensity=intensity, levels=levels, descriptor=text
            )
            for intensity, levels, text in FAMILY_HELP_DESCRIPTORS
        )
        ThresholdIndicator.objects.bulk_create(
            ThresholdIndicator(framework=framework, level=level, text=text)
            for level, text in THRESHOLD_INDICATORS
        )
        self.framework = framework

    def build_children(self) -> int:
        total_entries = 0
        made = 0
        while made < self.size.children:
            chunk = Chunk()
            target = min(self.size.children, made + self.size.chunk)
            while made < target:
                made += self.family(chunk, long_history=(made == 0))
            total_entries += self.insert(chunk)
            self.log(f"  {made:,} children, {total_entries:,} chronology entries")
        return total_entries

    def dob(self) -> dt.date:
        return self.as_of - dt.timedelta(days=self.rng.randint(30, int(17.5 * 365)))

    def family(self, chunk: Chunk, long_history: bool) -> int:
        rng = self.rng
        surname = self.fake.last_name()
        area = rng.choice(AREAS)
        postcode = (
            f"FS{rng.randint(1, 40)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        n_children = 1 if long_history else pick(rng, [(1, 45), (2, 32), (3, 15), (4, 8)])
        parents = [
            self.person(chunk, self.fake.first_name_female(), surname, child=False, area=area),
        ]
        if rng.random() < 0.6:
            parents.append(
                self.person(
                    chunk,
                    self.fake.first_name_male(),
                    surname if rng.random() < 0.7 else self.fake.last_name(),
                    child=False,
                    area=area,
                )
            )
        children = []
        for _ in range(n_children):
            sex = rng.choice("MF")
            first = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
            children.append(
                self.person(
                    chunk, first, surname, child=True, area=area, sex=sex, postcode=postcode
                )
            )
        household = Household(
            name=f"{surname} family, {self.fake.street_name()}",
            address_area=area,
            postcode=postcode,
        )
        chunk.households.append(household)
        relationships = self.family_network(chunk, parents, children)
        apart = [id(r.to_person) for r in relationships if r.partnership == "separated"]
        for person in parents + children:
            if id(person) in apart:
                continue  # a separated father lives elsewhere
            chunk.members.append(
                HouseholdMember(household=household, person=person, joined_on=person.date_of_birth)
            )
        for i, older in enumerate(children):
            for younger in children[i + 1 :]:
                relationships.append(
                    Relationship(
                        from_person=older, to_person=younger, kind=Relationship.Kind.SIBLING
                    )
                )
        check_family(relationships)
        chunk.relationships.extend(relationships)
        restricted = rng.random() < 0.003
        for child in children:
            if long_history:
                self.long_journey(chunk, child)
            else:
                self.journey(chunk, child, restricted)
        return n_children

    def family_network(
        self, chunk: Chunk, parents: list[Person], children: list[Person]
    ) -> list[Relationship]:
        """The parents (older than their children, with parental responsibility), whether they
        are together or separated (some fathers then see the children only under supervision),
        and now and then the mother's parent, who may have died. Drawn on a stream of its own,
        so the rest of the council is as it was."""
        rng = self.family_rng
        oldest = min(child.date_of_birth for child in children)
        for parent, sex in zip(parents, "FM", strict=False):
            parent.sex = sex
            parent.date_of_birth = min(parent.date_of_birth, oldest - dt.timedelta(days=18 * 365))
        Kind = Relationship.Kind
        relationships = [
            Relationship(
                from_person=parent,
                to_person=child,
                kind=Kind.PARENT,
                has_parental_responsibility=True,
            )
            for parent in parents
            for child in children
        ]
        if len(parents) == 2:
            mother, father = parents
            separated = rng.random() < 0.3
            relationships.append(
                Relationship(
                    from_person=mother,
                    to_person=father,
                    kind=Kind.PARTNER,
                    partnership="separated" if separated else "together",
                    ended_on=self.as_of - dt.timedelta(days=rng.randint(200, 1500))
                    if separated
                    else None,
                )
            )
            if separated and rng.random() < 0.35:
                for r in relationships:
                    if r.from_person is father and r.kind == Kind.PARENT:
                        r.contact = Relationship.Contact.SUPERVISED
                        r.contact_note = rng.choice(CONTACT_NOTES)
        if rng.random() < 0.3:
            mother = parents[0]
            sex = rng.choice("MF")
            born = mother.date_of_birth - dt.timedelta(days=rng.randint(20 * 365, 32 * 365))
            died = None
            if rng.random() < 0.4:
                died = self.as_of - dt.timedelta(days=rng.randint(100, 3000))
            grandparent = Person(
                first_name=rng.choice(GRANDPARENT_NAMES[sex]),
                last_name=mother.last_name,
                is_child=False,
                sex=sex,
                date_of_birth=born,
                date_of_death=died,
                address_area=mother.address_area,
            )
            chunk.persons.append(grandparent)
            relationships.append(
                Relationship(from_person=grandparent, to_person=mother, kind=Kind.PARENT)
            )
        return relationships

    def person(
        self,
        chunk: Chunk,
        first: str,
        last: str,
        *,
        child: bool,
        area: str,
        sex: str = "U",
        postcode: str = "",
    ) -> Person:
        rng = self.rng
        if child:
            dob = self.dob()
            age = (self.as_of - dob).days / 365.25
            upn, upn_unknown = "", ""
            if age >= 4 and rng.random() < 0.92:
                self.upn_serial += 1
                upn = make_upn(rng.choice(UPN_LA_CODES), self.upn_serial)
            else:
                upn_unknown = "UN6" if age < 6 else "UN2"
            self.nhs_serial += 1
            person = Person(
                first_name=first,
                last_name=last,
                is_child=True,
                date_of_birth=dob,
                sex=sex,
                ethnicity=pick(rng, ETHNICITIES),
                upn=upn,
                upn_unknown=upn_unknown,
                nhs_number=make_nhs_number(self.nhs_serial * 7) if rng.random() < 0.95 else "",
                address_area=area,
                postcode=postcode,
            )
            if rng.random() < 0.08:
                count = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
                codes = {pick(rng, DISABILITIES) for _ in range(count)}
                chunk.disabilities.extend(
                    PersonDisability(person=person, code=code) for code in sorted(codes)
                )
                person._disabled = True  # assessments then note it (census rule 8899Q)
            else:
                # The census needs a disability recorded for every child: NONE when there is none.
                chunk.disabilities.append(PersonDisability(person=person, code="NONE"))
            if rng.random() < 0.05:
                chunk.names.append(
                    PersonName(person=person, first_name=first, last_name=self.fake.last_name())
                )
        else:
            dob = self.as_of - dt.timedelta(days=rng.randint(20 * 365, 50 * 365))
            person = Person(
                first_name=first,
                last_name=last,
                is_child=False,
                date_of_birth=dob,
                address_area=area,
            )
        chunk.persons.append(person)
        return person

    def moment(self, day: dt.date) -> dt.datetime:
        hour, minute = self.rng.randint(8, 18), self.rng.choice([0, 10, 15, 20, 30, 40, 45, 50])
        return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute))), self.now)

    def journey(self, chunk: Chunk, child: Person, restricted: bool) -> None:
        rng = self.rng
        earliest = max(child.date_of_birth, self.as_of - dt.timedelta(days=6 * 365))
        span = (self.as_of - dt.timedelta(days=20) - earliest).days
        if span < 10:
            earliest, span = self.as_of - dt.timedelta(days=30), 10
        n_cycles = pick(rng, [(1, 55), (2, 30), (3, 15)])
        starts = sorted(earliest + dt.timedelta(days=rng.randint(0, span)) for _ in range(n_cycles))
        stays_open = rng.random() < 0.165
        child.created_by = self.wf.users["admin"]
        child._recorded_on = starts[0]
        if restricted:
            child.is_restricted = True
            child.restriction_reason = "Child of a member of staff"
        for i, start in enumerate(starts):
            last = i == len(starts) - 1
            window_end = starts[i + 1] - dt.timedelta(days=1) if not last else self.as_of
            self.cycle(chunk, child, start, window_end, keep_open=last and stays_open)

    def cycle(
        self, chunk: Chunk, child: Person, start: dt.date, window_end: dt.date, keep_open: bool
    ) -> None:
        rng = self.rng
        level = (
            pick(rng, [(2, 12), (3, 44), (4, 44)])
            if keep_open
            else pick(rng, [(1, 15), (2, 27), (3, 30), (4, 28)])
        )
        step = {
            1: rng.choice([NextStep.NO_FURTHER_ACTION, NextStep.SIGNPOST]),
            2: NextStep.SINGLE_AGENCY if (keep_open or rng.random() < 0.6) else NextStep.SIGNPOST,
            3: NextStep.CAF_TAF,
            4: rng.choice([NextStep.SOCIAL_CARE, NextStep.SOCIAL_CARE, NextStep.STRATEGY]),
        }[level]
        social = level == 4
        teams = self.wf.sc_teams if social else self.wf.eh_teams
        team = rng.choice(teams)
        decider = (
            self.wf.managers[team.pk]
            if rng.random() < 0.5
            else rng.choice(self.wf.by_team[team.pk])
        )
        factors = rng.sample(
            ["2B", "3A", "4A", "6A", "8B", "10A", "16A", "21", "22A"], rng.randint(1, 3)
        )
        received = self.moment(start)
        contact = Contact(
            received_at=received,
            source=rng.choice(codes.ReferralSource.values),
            summary=rng.choice(CONTACT_SUMMARIES).format(name=child.first_name),
            recorded_by=decider.user,
        )
        contact.recorded_at = min(received + dt.timedelta(minutes=20), self.now)
        needs = ", ".join(codes.AssessmentFactor(f).label.lower() for f in factors)
        decision = ThresholdDecision(
            contact=contact,
            child=child,
            level=level,
            next_step=step,
            factors=factors,
            rationale=rng.choice(RATIONALES).format(
                name=child.first_name, needs=needs, level=level, step=step.label.lower()
            ),
            decided_by=decider,
            decided_at=min(received + dt.timedelta(hours=2), self.now),
            framework=self.framework,
            child_views=f"{child.first_name} said home is sometimes scary and they miss school.",
            family_views="The family accept there is a problem and want help with routines.",
            risks=needs.capitalize(),
            strengths="A supportive grandparent; the school knows the family well.",
        )
        chunk.contacts.append(contact)
        chunk.decisions.append(decision)
        self.manager_view(decision, self.wf.managers[team.pk])
        kind = {
            NextStep.SINGLE_AGENCY: EpisodeKind.EARLY_HELP_SINGLE_AGENCY,
            NextStep.CAF_TAF: EpisodeKind.EARLY_HELP_CAF,
        }.get(step)
        if social:
            kind = EpisodeKind.SOCIAL_CARE
        if kind is None:
            return
        started = min(start + dt.timedelta(days=rng.randint(0, 4)), self.as_of)
        if started > window_end:
            return
        duration = rng.randint(30, 420) if social else rng.randint(45, 300)
        ended = (
            None
            if keep_open
            else min(
                started + dt.timedelta(days=duration), window_end, self.as_of - dt.timedelta(days=1)
            )
        )
        if ended is not None and ended < started:
            ended = started
        step = self.plan_step(kind, started, ended, window_end, keep_open)
        if step:
            ended = step[0]
        nfa = social and ended is not None and not step and self.social_care.referral_nfa()
        if nfa:
            ended = started  # no further action on the referral: closed the day it came
        episode, worker = self.episode(
            chunk, child, contact, kind, team, started, ended, referral_nfa=nfa
        )
        if step:
            self.step_change(chunk, child, episode, worker, *step)
        else:
            self.waiting_step(chunk, child, episode, worker)

    # --- step up and step down ----------------------------------------------------------------

    def plan_step(
        self,
        kind: str,
        started: dt.date,
        ended: dt.date | None,
        window_end: dt.date,
        keep_open: bool,
    ) -> tuple[dt.date, dt.date | None] | None:
        """Whether this work is stepped up or down, and if so the hand-over day and the day the
        receiving work ends (None: still open)."""
        rng = self.step_rng
        chance = {
            EpisodeKind.EARLY_HELP_CAF: 0.16,
            EpisodeKind.EARLY_HELP_SINGLE_AGENCY: 0.05,
            EpisodeKind.SOCIAL_CARE: 0.14,
        }[kind]
        last_day = ended or self.as_of - dt.timedelta(days=3)
        if rng.random() >= chance or (last_day - started).days < 40:
            return None
        handover = started + dt.timedelta(days=rng.randint(35, (last_day - started).days))
        if keep_open:
            return handover, None
        until = handover + dt.timedelta(days=rng.randint(30, 300))
        return handover, max(handover, min(until, window_end, self.as_of - dt.timedelta(days=1)))

    def step_moment(self, day: dt.date) -> dt.datetime:
        hour = self.step_rng.randint(9, 16)
        return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0))), self.now)

    def step_request(
        self, child: Person, sending: Episode, sender: Worker, asked: dt.date, team: Team
    ) -> StepChange:
        up = sending.is_early_help
        return StepChange(
            child=child,
            direction=StepChange.Direction.UP if up else StepChange.Direction.DOWN,
            from_episode=sending,
            to_kind=EpisodeKind.SOCIAL_CARE if up else EpisodeKind.EARLY_HELP_CAF,
            receiving_team=team,
            rationale=(STEP_UP_RATIONALE if up else STEP_DOWN_RATIONALE).format(
                name=child.first_name
            ),
            evidence=STEP_UP_EVIDENCE if up else STEP_DOWN_EVIDENCE,
            requested_by=sender.user,
            requested_at=self.step_moment(asked),
        )

    def step_change(
        self,
        chunk: Chunk,
        child: Person,
        sending: Episode,
        sender: Worker,
        handover: dt.date,
        receiving_ends: dt.date | None,
    ) -> None:
        """A step handed over: the sending work closes the day the receiving work opens."""
        rng = self.step_rng
        up = sending.is_early_help
        team = rng.choice(self.wf.sc_teams if up else self.wf.eh_teams)
        manager = self.wf.managers[team.pk]
        kind = EpisodeKind.SOCIAL_CARE if up else EpisodeKind.EARLY_HELP_CAF
        receiving, receiver = self.episode(chunk, child, None, kind, team, handover, receiving_ends)
        if up:
            receiving.referral_source = STEP_UP_REFERRAL_SOURCE
        asked = max(sending.started_on, handover - dt.timedelta(days=rng.randint(5, 45)))
        decided_on = asked + dt.timedelta(days=rng.randint(0, (handover - asked).days // 2))
        step = self.step_request(child, sending, sender, asked, team)
        meeting = Meeting(
            episode=sending,
            kind=Meeting.Kind.HANDOVER,
            held_on=handover - dt.timedelta(days=rng.randint(0, (handover - decided_on).days)),
            summary=f"{sender} and {receiver} met the family with {child.first_name}; the new "
            "worker will visit within a week and the school keeps its daily check-in.",
            decisions=f"Work handed over to {receiver} on {handover:%-d %B %Y}",
            recorded_by=manager.user,
        )
        chunk.meetings.append(meeting)
        step.status = StepChange.Status.HANDED_OVER
        step.decided_by = manager
        step.decided_at = max(step.requested_at, self.step_moment(decided_on))
        step.receiving_worker = receiver
        step.receiving_as = Allocation.Kind.WORKER
        step.handover_on = handover
        step.joint_meeting = meeting
        step.to_episode = receiving
        step.handed_over_by = manager.user
        step.handed_over_at = max(step.decided_at, self.step_moment(handover))
        chunk.step_changes.append(step)
        year_start = census_year_start(handover)
        assessment_only = any(
            a.episode is sending and a.completed_on and a.completed_on >= year_start
            for a in chunk.assessments
        ) and not any(x.episode is sending for x in [*chunk.plans, *chunk.section47s])
        sending.closure_reason = (
            EarlyHelpClosureReason.STEPPED_UP if up else ("RC9" if assessment_only else "RC7")
        )
        sending.closure_note = (
            f"{step.verb.capitalize()} to {receiving.get_kind_display().lower()}: handed over "
            f"to {receiver} ({team}) on {handover:%-d %B %Y}"
        )

    def waiting_step(self, chunk: Chunk, child: Person, sending: Episode, sender: Worker) -> None:
        """A few requests still waiting on open work, and a few that were declined."""
        rng = self.step_rng
        last = sending.ended_on or self.as_of
        roll = rng.random()
        if roll >= 0.07 or (last - sending.started_on).days < 30:
            return
        up = sending.is_early_help
        team = rng.choice(self.wf.sc_teams if up else self.wf.eh_teams)
        if sending.ended_on is None and roll < 0.04:
            asked = last - dt.timedelta(days=rng.randint(1, 20))
            step = self.step_request(child, sending, sender, asked, team)
            if roll < 0.015:
                step.status = StepChange.Status.ACCEPTED
                step.decided_by = self.wf.managers[team.pk]
                step.decided_at = min(step.requested_at + dt.timedelta(hours=20), self.now)
        else:
            asked = sending.started_on + dt.timedelta(
                days=rng.randint(20, (last - sending.started_on).days)
            )
            step = self.step_request(child, sending, sender, asked, team)
            step.status = StepChange.Status.DECLINED
            step.decided_by = self.wf.managers[team.pk]
            step.decided_at = min(step.requested_at + dt.timedelta(hours=30), self.now)
            step.decision_reason = STEP_DECLINED_REASON
        chunk.step_changes.append(step)

    def manager_view(self, decision: ThresholdDecision, manager: Worker) -> None:
        """Most decisions are agreed by the team manager within a day; a few are changed, and
        a few of the last fortnight's still wait for the manager."""
        when = decision.decided_at + dt.timedelta(hours=self.rng.randint(1, 30))
        if manager.pk == decision.decided_by.pk or when > self.now:
            return
        waiting = self.rng.random() < 0.3
        if waiting and decision.decided_at > self.now - dt.timedelta(days=14):
            return
        decision.manager = manager
        decision.manager_decided_at = when
        if decision.level < 4 and self.rng.random() < 0.06:
            decision.manager_agreed = False
            decision.manager_level = decision.level + 1
            decision.manager_next_step = {
                2: NextStep.SINGLE_AGENCY,
                3: NextStep.CAF_TAF,
                4: NextStep.SOCIAL_CARE,
            }[decision.manager_level]
            decision.manager_rationale = (
                "A history of similar contacts shows the needs are greater than one contact "
                "suggests, so I have raised the level."
            )
        else:
            decision.manager_agreed = True
            decision.manager_rationale = (
                "I agree: the working out weighs the risks and strengths and the next step is "
                "proportionate."
            )

    def episode(
        self,
        chunk: Chunk,
        child: Person,
        contact: Contact | None,
        kind: str,
        team: Team,
        started: dt.date,
        ended: dt.date | None,
        note_every: tuple[int, int] = (9, 24),
        worker: Worker | None = None,
        referral_nfa: bool = False,
    ) -> tuple[Episode, Worker]:
        rng = self.rng
        social = kind == EpisodeKind.SOCIAL_CARE
        manager = self.wf.managers[team.pk]
        worker = worker or rng.choice(self.wf.by_team[team.pk])
        episode = Episode(
            child=child,
            kind=kind,
            team=team,
            started_on=started,
            ended_on=ended,
            contact=contact,
            opened_by=manager.user,
            referral_source=contact.source if (social and contact) else ("1B" if social else ""),
            primary_need=pick(
                rng,
                [
                    ("N1", 50),
                    ("N2", 10),
                    ("N3", 8),
                    ("N4", 10),
                    ("N5", 12),
                    ("N6", 4),
                    ("N8", 3),
                    ("N9", 3),
                ],
            )
            if social
            else "",
        )
        if ended:
            episode.closure_reason = pick(rng, SC_CLOSURES if social else EH_CLOSURES)
            episode.closed_by = manager.user
        if referral_nfa:
            episode.referral_nfa, episode.closure_reason = True, "RC8"
        chunk.episodes.append(episode)
        until = ended or self.as_of
        # Allocation: sometimes a change of worker part way through, with no gap.
        first = Allocation(
            episode=episode,
            worker=worker,
            kind=Allocation.Kind.WORKER,
            started_on=started,
            ended_on=ended,
            allocated_by=manager.user,
        )
        chunk.allocations.append((first, None))
        if (until - started).days > 120 and rng.random() < 0.3:
            change = started + dt.timedelta(days=rng.randint(60, (until - started).days - 1))
            others = [w for w in self.wf.by_team[team.pk] if w.pk != worker.pk]
            if others:
                first.ended_on = change
                second = Allocation(
                    episode=episode,
                    worker=rng.choice(others),
                    kind=Allocation.Kind.WORKER,
                    started_on=change,
                    ended_on=ended,
                    allocated_by=manager.user,
                )
                chunk.allocations.append((second, first))
                worker = second.worker
        lead = None
        if kind == EpisodeKind.EARLY_HELP_CAF:
            lead = rng.choice(self.wf.external_leads) if rng.random() < 0.4 else first.worker
            # Drift on the demo council: some open CAF work has no lead professional, never named
            # or because the lead stepped away and nobody took over.
            drift = rng.random() if ended is None else 1.0
            lead_ended = ended
            if drift < 0.09 and (until - started).days > 45:
                lead_ended = started + dt.timedelta(days=rng.randint(20, (until - started).days))
            if drift >= 0.05:
                chunk.allocations.append(
                    (
                        Allocation(
                            episode=episode,
                            worker=lead,
                            kind=Allocation.Kind.LEAD_PROFESSIONAL,
                            started_on=started,
                            ended_on=lead_ended,
                            allocated_by=manager.user,
                        ),
                        None,
                    )
                )
            if drift < 0.09:
                lead = None
        if child.is_restricted:
            for w in {first.worker, worker, manager}:
                chunk.grants.append(
                    RecordGrant(
                        user=w.user,
                        child=child,
                        granted_by=manager.user,
                        reason="Allocated to the work",
                    )
                )
        self.casework(chunk, episode, started, until, worker.user, note_every, (worker, lead))
        episode._worker = worker
        if kind != EpisodeKind.EARLY_HELP_SINGLE_AGENCY:
            self.supervision(chunk, episode, started, until, manager)
        return episode, worker

    def casework(
        self,
        chunk: Chunk,
        episode: Episode,
        started: dt.date,
        until: dt.date,
        user,
        note_every: tuple[int, int],
        owners: tuple[Worker, Worker | None] | None = None,
    ) -> None:
        rng = self.rng
        child = episode.child
        social = episode.kind == EpisodeKind.SOCIAL_CARE
        caf = episode.kind == EpisodeKind.EARLY_HELP_CAF
        # How the demo's open CAF work is going: mostly steady, some slipping (actions late and
        # not progressed), some stalled (TAF meetings stopped months ago). The tracker shows it.
        drift = (
            pick(rng, [("steady", 70), ("slipping", 18), ("stalled", 12)])
            if caf and episode.ended_on is None
            else "steady"
        )
        if social:
            self.social_care.build(
                chunk, episode, started, until, user, self.wf.managers[episode.team.pk]
            )
        elif caf:
            a_kind = Assessment.Kind.CAF
            done = started + dt.timedelta(days=rng.randint(10, 45))
            completed_on = done if done <= until else None
            views = f"{child.first_name} said they want things at home to be calmer."
            if caf and completed_on is None and rng.random() < 0.4:
                views = ""  # a draft CAF: the child's views not yet recorded
            chunk.assessments.append(
                Assessment(
                    episode=episode,
                    kind=a_kind,
                    started_on=started,
                    completed_on=completed_on,
                    factors=rng.sample(["2B", "3A", "4A", "6A", "8B", "21"], 2),
                    child_views=views,
                    recorded_by=user,
                )
            )
        plan_kind = None
        plan_start = started + dt.timedelta(days=rng.randint(14, 45))
        if plan_start < until and caf:
            plan_kind = Plan.Kind.EARLY_HELP
        if plan_kind:
            plan = Plan(
                episode=episode,
                kind=plan_kind,
                started_on=plan_start,
                ended_on=episode.ended_on,
                review_due_on=plan_start + dt.timedelta(days=90),
                recorded_by=user,
            )
            meeting_kind = Meeting.Kind.TAF
            interval = 42
            stop = until
            if drift == "stalled":
                stop = until - dt.timedelta(days=rng.randint(70, 240))
            missing_views = 0.1 if drift == "steady" else 0.35
            meetings = []
            day = plan_start
            while day <= stop:
                views = ""
                if meeting_kind == Meeting.Kind.TAF and rng.random() >= missing_views:
                    views = rng.choice(CHILD_VIEWS).format(name=child.first_name)
                meetings.append(
                    Meeting(
                        episode=episode,
                        kind=meeting_kind,
                        held_on=day,
                        summary="Plan reviewed with the family and agencies; actions updated.",
                        child_views=views,
                        next_due_on=day + dt.timedelta(days=interval),
                        recorded_by=user,
                    )
                )
                day += dt.timedelta(days=interval + rng.randint(-5, 10))
            # As hold_taf_meeting does: the plan starts at the first TAF and its review is the
            # next TAF. A stalled CAF that never met has no plan yet.
            if meetings:
                plan.review_due_on = meetings[-1].next_due_on
                chunk.plans.append(plan)
                self.taf_actions(chunk, plan, meetings, until, user, owners, drift)
            chunk.meetings.extend(meetings)
        day = started + dt.timedelta(days=rng.randint(2, 10))
        while day <= until:
            visit = rng.random() < 0.7
            seen = visit and rng.random() < 0.85
            chunk.notes.append(
                CaseNote(
                    episode=episode,
                    kind=CaseNote.Kind.VISIT if visit else CaseNote.Kind.PHONE,
                    occurred_at=self.moment(day),
                    child_seen=seen,
                    child_seen_alone=seen and rng.random() < 0.45,
                    child_views=CHILD_WORDS[len(chunk.notes) % len(CHILD_WORDS)] if seen else "",
                    text=rng.choice(NOTES).format(name=child.first_name),
                    recorded_by=user,
                )
            )
            day += dt.timedelta(days=rng.randint(*note_every))

    def taf_actions(
        self,
        chunk: Chunk,
        plan: Plan,
        meetings: list[Meeting],
        until: dt.date,
        user,
        owners: tuple[Worker, Worker | None] | None,
        drift: str,
    ) -> None:
        """SMART actions agreed at each TAF, and their progress notes up to `until`.

        Closed work ends with every action done or withdrawn (as close_early_help leaves it).
        Open work: older actions mostly done; a slipping or stalled CAF leaves actions open past
        their due date and without a progress note for months.
        """
        rng = self.rng
        worker, lead = owners or (None, None)
        child = plan.episode.child
        closed = plan.episode.ended_on is not None
        for n, meeting in enumerate(meetings):
            latest = n == len(meetings) - 1
            for _ in range(rng.choice((1, 1, 2, 2))):
                text, who = rng.choice(SMART_ACTIONS)
                owner, owner_name, agency = None, "", None
                if who == "lead" and lead is not None:
                    owner = lead
                elif who in ("lead", "worker") and worker is not None:
                    owner = worker
                else:
                    owner_name = "Parent or carer" if who == "family" else "Class teacher"
                    if who == "school":
                        agency = rng.choice(self.wf.schools)
                if owner is not None:
                    agency = owner.agency
                action = PlanAction(
                    plan=plan,
                    meeting=meeting,
                    description=text.format(name=child.first_name),
                    owner=owner,
                    owner_name=owner_name,
                    agency=agency,
                    due_on=meeting.held_on + dt.timedelta(days=rng.randint(14, 56)),
                    created_on=meeting.held_on,
                )
                chunk.actions.append(action)
                self.action_progress(chunk, action, until, user, closed, latest, drift)

    def action_progress(
        self,
        chunk: Chunk,
        action: PlanAction,
        until: dt.date,
        user,
        closed: bool,
        latest: bool,
        drift: str,
    ) -> None:
        rng = self.rng
        start = action.created_on

        def note(day: dt.date, status: str, text: str, entry: bool = True) -> None:
            day = min(max(day, start), until)
            progress = ActionProgress(
                action=action, noted_on=day, note=text, status_after=status, recorded_by=user
            )
            progress._entry = entry  # close_early_help's withdrawal notes have no entry
            chunk.progress.append(progress)
            action.status = status

        def midway(last: dt.date) -> dt.date:
            return start + dt.timedelta(days=rng.randint(0, max(0, (last - start).days)))

        in_progress = PlanAction.Status.IN_PROGRESS
        done_on = action.due_on + dt.timedelta(days=rng.randint(-12, 10))
        # Long-open work's older actions are settled; drift shows in the last months.
        settled = (until - start).days > 180
        if closed:
            chance = 0.85
        elif settled:
            chance = 0.995 if drift == "steady" else 0.95
        elif drift == "steady":
            chance = 0.85 if latest else 0.95
        else:
            chance = 0.0 if latest else 0.4
        finished = action.due_on <= until and rng.random() < chance
        done_on = min(done_on, until)
        if finished:
            if rng.random() < 0.3:
                note(midway(done_on), in_progress, rng.choice(PROGRESS_NOTES))
            note(done_on, PlanAction.Status.DONE, "Done: " + rng.choice(DONE_NOTES))
            return
        if closed:
            if rng.random() < 0.3:
                note(midway(until), in_progress, rng.choice(PROGRESS_NOTES))
            note(
                until,
                PlanAction.Status.WITHDRAWN,
                "Closed with the episode: no longer needed now the family's needs are met.",
                entry=False,
            )
            return
        # Open work, action still open.
        if drift == "steady":
            # Kept moving: a progress note within the last two months, if it has started.
            if (until - start).days > 10 and rng.random() < 0.8:
                recent = max(start, until - dt.timedelta(days=60))
                note(
                    recent + dt.timedelta(days=rng.randint(0, (until - recent).days)),
                    in_progress,
                    rng.choice(PROGRESS_NOTES),
                )
        elif rng.random() < 0.5:
            # Started, then nothing more: the last note is months old (or it never started).
            stale = min(until, start + dt.timedelta(days=rng.randint(5, 40)))
            note(stale, in_progress, rng.choice(PROGRESS_NOTES))

    def supervision(
        self, chunk: Chunk, episode: Episode, started: dt.date, until: dt.date, manager: Worker
    ) -> None:
        rng = self.rng
        required = interval_days(episode.kind)
        day = started + dt.timedelta(days=rng.randint(10, 30))
        while day <= until:
            # Mostly on time (up to 12 days early or 4 late); now and then it drifts a month.
            draw = rng.randint(28, 45)
            gap = required + (30 if draw == 45 else (draw - 40))
            chunk.supervisions.append(
                Supervision(
                    episode=episode,
                    held_on=day,
                    supervisor=manager,
                    supervisee=episode._worker,
                    discussion=rng.choice(SUPERVISION_NOTES).format(name=episode.child.first_name),
                    reflection="The worker feels the family trust them more now; we considered "
                    "whether optimism is hiding the risks.",
                    decisions="Continue the plan; review progress at the next supervision.",
                    decision_rationale="The plan's actions are moving and the child says things "
                    "are better, so there is no reason to change course.",
                    actions="Worker to visit within two weeks and see the child alone.",
                    next_due_on=day + dt.timedelta(days=required),
                    recorded_by=manager.user,
                )
            )
            day += dt.timedelta(days=gap)

    def long_journey(self, chunk: Chunk, child: Person) -> None:
        """The worst case for the chronology page: six years of near-daily social care work."""
        child.date_of_birth = self.as_of - dt.timedelta(days=int(12.5 * 365))
        child.created_by = self.wf.users["admin"]
        # Every council has at least one former name to search by, whatever the seed (without
        # drawing on the random streams, so the rest of the council is unchanged).
        chunk.names.append(PersonName(person=child, first_name=child.first_name, last_name="Hale"))
        start = self.as_of - dt.timedelta(days=6 * 365)
        child._recorded_on = start
        team = self.wf.sc_teams[1]
        worker = next(w for w in self.wf.by_team[team.pk] if w.user.username == "social.worker")
        contact = Contact(
            received_at=self.moment(start),
            source="3A",
            recorded_by=worker.user,
            summary="Police report repeated domestic incidents at the home.",
        )
        contact.recorded_at = contact.received_at
        chunk.contacts.append(contact)
        chunk.decisions.append(
            ThresholdDecision(
                contact=contact,
                child=child,
                level=4,
                next_step=NextStep.STRATEGY,
                factors=["3A", "4A"],
                decided_by=self.wf.managers[team.pk],
                decided_at=contact.received_at,
                framework=self.framework,
                rationale="Repeated domestic abuse incidents with the child present and injured; "
                "the threshold for a section 47 enquiry and strategy discussion is met.",
            )
        )
        self.episode(
            chunk,
            child,
            contact,
            EpisodeKind.SOCIAL_CARE,
            team,
            start,
            None,
            note_every=(1, 1),
            worker=worker,
        )

    # --- the child's and the family's views (R8) ----------------------------------------------

    def views(self, chunk: Chunk) -> None:
        """Views on most records, some not obtained, some missing; the family's evidence of
        benefit at some reviews and closures (demo/child_views.py)."""
        rng = self.rng
        for record in [*chunk.assessments, *chunk.plans, *chunk.meetings]:
            on_purpose = not record.child_views and (
                getattr(record, "kind", "") in (Meeting.Kind.TAF, Assessment.Kind.CAF)
            )
            child_views.fill(record, rng, record.episode.child.first_name, may_fill=not on_purpose)
        for review in chunk.reviews:
            child_views.fill(review, rng, review.plan.episode.child.first_name)
            if rng.random() < 0.35:
                chunk.benefits.append(
                    child_views.benefit(
                        review.plan.episode,
                        rng,
                        at=FamilyBenefit.At.REVIEW,
                        on=review.reviewed_on,
                        user=review.recorded_by,
                    )
                )
        for note in chunk.notes:
            child_views.fill_note(note, rng)
        for meeting in chunk.meetings:
            if meeting.kind == Meeting.Kind.TAF and rng.random() < 0.15:
                chunk.benefits.append(
                    child_views.benefit(
                        meeting.episode,
                        rng,
                        at=FamilyBenefit.At.REVIEW,
                        on=meeting.held_on,
                        user=meeting.recorded_by,
                    )
                )
        for episode in chunk.episodes:
            if episode.ended_on is None:
                continue
            user = episode.closed_by or episode.opened_by
            chunk.closure_views.append(child_views.closure_views(episode, rng, user))
            if rng.random() < 0.5:
                chunk.benefits.append(
                    child_views.benefit(
                        episode, rng, at=FamilyBenefit.At.CLOSURE, on=episode.ended_on, user=user
                    )
                )

    # --- insertion ---------------------------------------------------------------------------

    def insert(self, chunk: Chunk) -> int:
        first_id = next_number("person", by=len(chunk.persons)) - len(chunk.persons) + 1
        for offset, person in enumerate(chunk.persons):
            person.local_id = new_local_id(first_id + offset)
        for named in [*chunk.persons, *chunk.names]:
            named.set_name_keys()  # the bulk path skips Model.save(), which sets them
        set_visits_due(chunk)
        self.views(chunk)
        for model, rows in [
            (Person, chunk.persons),
            (PersonName, chunk.names),
            (PersonDisability, chunk.disabilities),
            (Household, chunk.households),
            (HouseholdMember, chunk.members),
            (Relationship, chunk.relationships),
            (Contact, chunk.contacts),
            (ThresholdDecision, chunk.decisions),
            (Episode, chunk.episodes),
            (Meeting, chunk.meetings),
            (Plan, chunk.plans),
            (Assessment, chunk.assessments),
            (Section47, chunk.section47s),
            (PlanReview, chunk.reviews),
            (EmergencyProtection, chunk.protections),
            (PlanAction, chunk.actions),
            (ActionProgress, chunk.progress),
            (CaseNote, chunk.notes),
            (Supervision, chunk.supervisions),
            (Allocation, [a for a, _ in chunk.allocations]),
            (RecordGrant, chunk.grants),
            (StepChange, chunk.step_changes),
            (ClosureViews, chunk.closure_views),
            (FamilyBenefit, chunk.benefits),
        ]:
            self.inserter.insert(model, rows)
        entries = list(self.entries(chunk))
        self.inserter.insert(ChronologyEntry, entries)
        return len(entries)

    def built_entries(self, chunk: Chunk) -> Iterator[ChronologyEntry]:
        for person in chunk.persons:
            if person.is_child:
                yield child_recorded_entry(person, self.moment(person._recorded_on))
        decisions = {d.contact_id: [] for d in chunk.decisions}
        for decision in chunk.decisions:
            decisions[decision.contact_id].append(decision)
        for contact in chunk.contacts:
            for decision in decisions[contact.pk]:
                yield from contact_entries(contact, decision)
                if decision.manager_decided_at:
                    yield manager_review_entry(decision)
        for episode in chunk.episodes:
            yield episode_opened_entry(episode)
            if episode.ended_on:
                yield episode_closed_entry(episode)
        for allocation, previous in chunk.allocations:
            yield allocation_entry(allocation, previous)
        yield from (plan_started_entry(p) for p in chunk.plans)
        yield from (assessment_entry(a) for a in chunk.assessments if a.kind == Assessment.Kind.CAF)
        # Social care meetings with their own entries (conferences, reviews) are in later_entries.
        yield from (meeting_entry(m) for m in chunk.meetings if getattr(m, "_entry", True))
        yield from (build() for build in chunk.later_entries)
        yield from (action_progress_entry(p) for p in chunk.progress if p._entry)
        yield from (case_note_entry(n) for n in chunk.notes)
        yield from (family_benefit_entry(b) for b in chunk.benefits)
        yield from (supervision_entry(s) for s in chunk.supervisions)
        for step in chunk.step_changes:
            yield step_requested_entry(step)
            if step.decided_at:
                yield step_decided_entry(step)
            if step.status == StepChange.Status.HANDED_OVER:
                yield handed_over_entry(step)

    def entries(self, chunk: Chunk) -> Iterator[ChronologyEntry]:
        """Entries as the services write them, stamped as recorded soon after the event."""
        for entry in self.built_entries(chunk):
            entry.recorded_at = min(entry.occurred_at + dt.timedelta(hours=1), self.now)
            yield entry


def set_visits_due(chunk: Chunk) -> None:
    """As the visit services leave them: each open plan's next visit after the last one the
    child was seen at (the bulk path writes plans and visits without the services)."""
    last_seen: dict[int, dt.date] = {}
    for note in chunk.notes:
        if note.child_seen and note.kind in CaseNote.IN_PERSON:
            day = timezone.localdate(note.occurred_at)
            key = id(note.episode)
            last_seen[key] = max(last_seen.get(key, day), day)
    for plan in chunk.plans:
        if plan.ended_on is None:
            plan.visit_due_on = next_visit_due(plan, last_seen.get(id(plan.episode)))


@transaction.atomic
def generate_records(size: str, seed: int, as_of: dt.date, log: Callable[[str], None]) -> int:
    """The workforce, the threshold framework and the children with all their work, written in
    bulk as the services would leave them; returns the chronology entries written."""
    generator = CouncilGenerator(size, seed, as_of, log)
    generator.build_workforce()
    generator.build_threshold_framework()
    entries = generator.build_children()
    generator.inserter.finish()
    return entries


@transaction.atomic
def generate(size: str, seed: int, as_of: dt.date, log: Callable[[str], None]) -> dict:
    entries = generate_records(size, seed, as_of, log)
    log("Family Help in Northgate")
    seed_family_help(as_of=as_of, rng=random.Random(seed + 6))
    # Panels and audits go through their services, which read the work written above.
    log("Panels")
    panel_cases = seed_panels(as_of=as_of, rng=random.Random(seed + 2))
    log("Case file audits")
    audits = seed_audits(as_of=as_of, rng=random.Random(seed + 3))
    return {"entries": entries, "panel_cases": panel_cases, "audits": audits}
