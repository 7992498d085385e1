"""Rules on the return as a whole (the DfE's "LA-level" rules): counted while the children
stream past, judged at the end. A breach names no child; the data-quality page shows it above
the children's problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from journey.core import codes
from journey.reporting.census.records import CensusChild
from journey.reporting.census.rules.base import Context


@dataclass
class ReturnTally:
    children: int = 0
    sex_not_recorded: int = 0  # born children whose sex (GenderCurrent) is not known
    cp_plans_started: int = 0  # in the census year
    conferences: int = 0  # initial conferences in the census year, S47 and CINdetails level
    disability_codes: set[str] = field(default_factory=set)
    most_disabilities: int = 0

    def add(self, child: CensusChild, context: Context) -> None:
        within = context.collection.within
        self.children += 1
        if child.expected_birth_date is None and child.sex == codes.Sex.UNKNOWN:
            self.sex_not_recorded += 1
        disabilities = [code for code in child.disabilities if code != "NONE"]
        self.disability_codes.update(disabilities)
        self.most_disabilities = max(self.most_disabilities, len(disabilities))
        for e in child.episodes:
            self.cp_plans_started += sum(1 for p in e.cp_plans if within(p.start))
            self.conferences += within(e.initial_cpc_date)
            self.conferences += sum(1 for s in e.section47s if within(s.icpc_date))


@dataclass(frozen=True)
class ReturnRule:
    number: str
    message: str
    check: Callable[[ReturnTally], bool] = field(compare=False)
    query: bool = False

    @property
    def kind(self) -> str:
        return "Query" if self.query else "Error"


RETURN_RULES: tuple[ReturnRule, ...] = (
    ReturnRule(
        "2883",
        "There are more child protection plans starting than initial conferences taking place",
        lambda t: t.cp_plans_started > t.conferences,
    ),
    ReturnRule(
        "2886Q",
        "Please check and either amend or provide a reason: Percentage of children with no "
        "gender recorded is more than 2% (excluding unborns)",
        lambda t: t.children > 0 and t.sex_not_recorded / t.children > 0.02,
        query=True,
    ),
    ReturnRule(
        "2887Q",
        "Please check and either amend or provide a reason: Less than 8 disability codes have "
        "been used in your return",
        lambda t: t.children > 0 and len(t.disability_codes) <= 7,
        query=True,
    ),
    ReturnRule(
        "2888Q",
        "Please check and either amend or provide a reason: Only one disability code is recorded "
        "per child and multiple disabilities should be recorded where possible.",
        lambda t: bool(t.disability_codes) and t.most_disabilities <= 1,
        query=True,
    ),
)

#: Rules that Journey's export meets by how it writes the return, so there is nothing to check
#: in the records: the number, the DfE's message, and why.
MET_BY_THE_EXPORT: tuple[tuple[str, str, str], ...] = (
    (
        "100",
        "Reference Date is incorrect",
        "The header's reference date is always 31 March of the collection year chosen.",
    ),
    (
        "8750",
        "Gender must equal 0 for an unborn child (collections before 2025)",
        "The 2024 format writes GenderCurrent 0 for every unborn child; from 2025 the rule is "
        "checked on each child's Sex.",
    ),
    (
        "8568",
        "RNFA flag is missing or invalid",
        "Every CIN episode records whether the referral led to no further action, written as "
        "true or false.",
    ),
)


def return_breaches(tally: ReturnTally) -> list[ReturnRule]:
    return [rule for rule in RETURN_RULES if rule.check(tally)]


def return_rule_numbered(number: str) -> ReturnRule | None:
    return next((rule for rule in RETURN_RULES if rule.number == number), None)
