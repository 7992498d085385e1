"""The CIN census return as plain data: one `CensusChild` per child, shaped like the DfE XML.

The export writes these; a reader of a return (`reader.py`) rebuilds them, so a round trip is a
plain `==`. Database ids ride along for the data-quality page but take no part in comparisons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class AssessmentRecord:
    start: dt.date
    internal_review: dt.date | None = None
    authorised: dt.date | None = None
    factors: list[str] = field(default_factory=list)
    record_id: int | None = field(default=None, compare=False)


@dataclass
class CinPlanRecord:
    start: dt.date
    end: dt.date | None = None
    record_id: int | None = field(default=None, compare=False)


@dataclass
class Section47Record:
    start: dt.date
    icpc_target: dt.date | None = None
    icpc_date: dt.date | None = None
    icpc_not_required: bool = False
    record_id: int | None = field(default=None, compare=False)


@dataclass
class CpPlanRecord:
    start: dt.date
    end: dt.date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[dt.date] = field(default_factory=list)
    record_id: int | None = field(default=None, compare=False)


@dataclass
class CinDetails:
    referral_date: dt.date
    referral_source: str
    primary_need: str = ""
    closure_date: dt.date | None = None
    closure_reason: str = ""
    initial_cpc_date: dt.date | None = None
    assessments: list[AssessmentRecord] = field(default_factory=list)
    cin_plans: list[CinPlanRecord] = field(default_factory=list)
    section47s: list[Section47Record] = field(default_factory=list)
    referral_nfa: bool = False
    cp_plans: list[CpPlanRecord] = field(default_factory=list)
    episode_id: int | None = field(default=None, compare=False)


@dataclass
class CensusChild:
    la_child_id: str
    upn: str = ""
    former_upn: str = ""
    upn_unknown: str = ""
    birth_date: dt.date | None = None
    expected_birth_date: dt.date | None = None
    sex: str = "U"  # as recorded (M, F, U); the 2024 format writes it as GenderCurrent
    death_date: dt.date | None = None
    ethnicity: str = ""
    disabilities: list[str] = field(default_factory=list)
    episodes: list[CinDetails] = field(default_factory=list)
    person_id: int | None = field(default=None, compare=False)
    name: str = field(default="", compare=False)
    restricted: bool = field(default=False, compare=False)

    @property
    def is_unborn(self) -> bool:
        return self.birth_date is None and self.expected_birth_date is not None
