"""Every census rule fires on a record that breaks it, and none fires on a clean record.

The clean record is the hand-built child of conftest.py as the census reads it (assessment with
factors, CIN plan, section 47 with its conference, CP plan with a review, 2025 to 2026). Each
breaker changes it the way a careless record would; the test asserts that the rule of that
number is among those that fire. A rule added without a breaker fails the completeness test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from journey.reporting.census import rules
from journey.reporting.census.collection import census_children
from journey.reporting.census.records import (
    AssessmentRecord,
    CinDetails,
    CinPlanRecord,
    CpPlanRecord,
    Section47Record,
)
from tests.reporting.census.conftest import COLLECTION, day, valid_upn

pytestmark = pytest.mark.django_db
D = dt.date


def ep(c):
    return c.episodes[0]


def assess(c):
    return ep(c).assessments[0]


def cin(c):
    return ep(c).cin_plans[0]


def s47(c):
    return ep(c).section47s[0]


def cp(c):
    return ep(c).cp_plans[0]


def setting(target, **values):
    """A breaker setting these fields on the record `target(child)` picks."""

    def breaker(child):
        record = target(child)
        for name, value in values.items():
            setattr(record, name, value)

    return breaker


def on_child(**values):
    return setting(lambda c: c, **values)


def on_episode(**values):
    return setting(ep, **values)


def adding(target, *records):
    def breaker(child):
        target(child).extend(records)

    return breaker


def steps(*breakers):
    def breaker(child):
        for b in breakers:
            b(child)

    return breaker


def closed(reason: str = "RC7", on: dt.date | None = None):
    return on_episode(closure_date=on or day(10, 1), closure_reason=reason)


def other_episode(**values):
    values = {"referral_date": day(5, 1), "referral_source": "1A", "primary_need": "N1", **values}
    return adding(lambda c: c.episodes, CinDetails(**values))


OTHER_CP = {"initial_category": "NEG", "latest_category": "NEG", "previous_plans": 0}

BREAKERS = {
    # --- the child
    "1510": on_child(upn=("B" if valid_upn()[0] == "A" else "A") + valid_upn()[1:]),
    "1530": on_child(upn=rules.upn_check_letter("A999123456789") + "999123456789"),
    "1540": on_child(upn="A201X51234567"),
    "1550": on_child(upn="A20125123456I"),
    "1560Q": on_child(former_upn="12345"),
    "4180": on_child(sex=""),
    "4220": on_child(ethnicity="XXXX"),
    "8500": on_child(la_child_id=""),
    "8520": on_child(birth_date=D(2026, 4, 2)),
    "8525Q": on_child(expected_birth_date=D(2016, 5, 4)),
    "8530Q": on_child(birth_date=None, expected_birth_date=D(2027, 1, 5), sex="U"),
    "8535Q": on_child(death_date=D(2016, 1, 1)),
    "8540": on_child(disabilities=[]),
    "8545Q": on_child(death_date=D(2024, 1, 1)),
    "8590": on_child(episodes=[]),
    "8750": on_child(birth_date=None, expected_birth_date=D(2026, 5, 1)),
    "8770Q": on_child(upn="", upn_unknown=""),
    "8772": on_child(upn="", upn_unknown="UN7"),
    "8775Q": on_child(birth_date=D(1995, 1, 1)),
    "8790": on_child(disabilities=["NONE", "HEAR"]),
    "8794": on_child(disabilities=["HEAR", "HEAR"]),
    # --- the referral and the episode
    "2990": closed("RC8"),
    "8555Q": on_child(death_date=day(4, 1)),
    "8565": closed("RC7", on=day(6, 1)),
    "8569Q": on_episode(referral_nfa=True, referral_date=D(2025, 3, 1)),
    "8585Q": closed("RC2"),
    "8600": on_episode(referral_date=D(2026, 4, 1)),
    "8606": on_episode(referral_date=D(2015, 1, 1)),
    "8610": on_episode(primary_need=""),
    "8620": closed("RC7", on=D(2026, 5, 1)),
    "8630": closed("RC7", on=day(4, 1)),
    "8640": closed("RC0"),
    "8650": on_episode(primary_need="N99"),
    "8805": closed(""),
    "8810": on_episode(closure_reason="RC7"),
    "8815": other_episode(),
    "8816": other_episode(referral_date=day(8, 1), closure_date=day(9, 1), closure_reason="RC7"),
    "8820": other_episode(
        referral_date=D(2025, 3, 1), closure_date=day(5, 1), closure_reason="RC7"
    ),
    "8825Q": steps(closed("RC9"), on_episode(assessments=[])),
    "8831": on_episode(referral_nfa=True),
    "8866": on_episode(referral_source=""),
    "8867": steps(closed(), setting(assess, authorised=None, factors=[])),
    "8868": steps(closed(), setting(s47, icpc_date=None)),
    # --- assessments
    "1103": setting(assess, start=day(4, 1)),
    "8608": setting(assess, authorised=day(4, 1)),
    "8614": setting(assess, authorised=None),
    "8617": setting(assess, factors=["8A"]),
    "8670Q": setting(assess, authorised=None, factors=[]),
    "8696": setting(assess, authorised=D(2026, 4, 2)),
    "8736": setting(assess, start=D(2025, 3, 1), authorised=None, factors=[]),
    "8863Q": adding(lambda c: ep(c).assessments, AssessmentRecord(day(5, 1), None, day(5, 10))),
    "8869": setting(assess, factors=["21", "3A"]),
    "8873Q": setting(assess, factors=["21"]),
    "8896": steps(
        setting(assess, authorised=None, factors=[]),
        adding(lambda c: ep(c).assessments, AssessmentRecord(day(6, 1))),
    ),
    "8897Q": setting(assess, factors=[]),
    "8898": setting(assess, factors=["3A", "3A"]),
    "8899Q": on_child(disabilities=["HEAR"]),
    # --- CIN plans
    "4000": on_episode(referral_nfa=True),
    "4001": setting(cin, end=None),
    "4003": steps(
        setting(cp, end=day(11, 1)),
        adding(lambda c: ep(c).cin_plans, CinPlanRecord(day(9, 1), day(12, 1))),
    ),
    "4004": adding(lambda c: ep(c).cin_plans, CinPlanRecord(day(7, 1)), CinPlanRecord(day(8, 1))),
    "4008": on_child(death_date=day(5, 1)),
    "4009Q": on_child(death_date=day(6, 1)),
    "4010": setting(cin, start=D(2026, 4, 2)),
    "4011": setting(cin, end=day(5, 1)),
    "4012Q": setting(cin, end=day(5, 20)),
    "4013": setting(cin, end=D(2026, 4, 2)),
    "4014": adding(lambda c: ep(c).cin_plans, CinPlanRecord(day(6, 1), day(6, 20))),
    "4015": setting(cin, start=day(4, 1)),
    "4016": adding(lambda c: ep(c).cin_plans, CinPlanRecord(day(8, 1))),
    "4017": setting(cin, end=day(7, 10)),
    # --- section 47 enquiries and conferences
    "1104": setting(s47, icpc_date=day(4, 7)),
    "2884": on_episode(initial_cpc_date=day(6, 30)),
    "2889": setting(s47, start=day(4, 1)),
    "2991Q": on_episode(assessments=[]),
    "8615": setting(s47, start=day(7, 1)),
    "8675Q": setting(s47, icpc_date=None),
    "8715": setting(s47, icpc_date=D(2026, 4, 2)),
    "8740": setting(s47, start=D(2025, 3, 3), icpc_date=None),
    "8839": adding(
        lambda c: ep(c).section47s, Section47Record(day(10, 1)), Section47Record(day(10, 2))
    ),
    "8870Q": setting(s47, icpc_target=day(7, 5)),  # a Saturday
    "8875": setting(s47, icpc_date=day(6, 28)),  # a Saturday
    "8890": adding(lambda c: ep(c).section47s, Section47Record(day(6, 15), None, day(6, 30))),
    # --- child protection plans
    "1105": setting(cp, start=day(4, 1)),
    "2885": setting(cp, start=day(7, 1)),
    "8720": setting(cp, start=D(2026, 4, 2)),
    "8730": setting(cp, previous_plans=-1),
    "8832": on_episode(referral_nfa=True),
    "8840": setting(cp, end=day(6, 30)),
    "8841": setting(cp, reviews=[day(6, 30)]),
    "8842Q": setting(cp, reviews=[None]),
    "8905": setting(cp, initial_category=""),
    "8910": setting(cp, latest_category="XXX"),
    "8915": on_child(death_date=day(6, 1)),
    "8920": steps(on_child(death_date=day(11, 1)), setting(cp, end=day(12, 1))),
    "8925": setting(cp, end=day(6, 1)),
    "8930": setting(cp, end=D(2026, 4, 2)),
    "8935": adding(lambda c: ep(c).cp_plans, CpPlanRecord(day(8, 1), None, **OTHER_CP)),
    "8940": adding(lambda c: ep(c).cp_plans, CpPlanRecord(day(7, 15), day(7, 20), **OTHER_CP)),
}
#: Rules that compare children: the context carries what the grouped query found.
COMPARING = {
    "1520": lambda child: {"duplicate_upns": frozenset({child.upn})},
    "8510": lambda child: {"duplicate_child_ids": frozenset({child.la_child_id})},
}


def clean_record():
    (child,) = census_children(COLLECTION)
    return child


def fired(child, **context) -> set[str]:
    return {
        b.rule.number for b in rules.child_breaches(child, rules.Context(COLLECTION, **context))
    }


def test_the_clean_record_breaks_no_rule(clean_child):
    assert fired(clean_record()) == set()


@pytest.mark.parametrize("number", sorted(BREAKERS))
def test_each_rule_fires_on_a_record_that_breaks_it(clean_child, number):
    child = clean_record()
    BREAKERS[number](child)
    assert number in fired(child)


@pytest.mark.parametrize("number", sorted(COMPARING))
def test_rules_comparing_children_fire_on_the_ones_found(clean_child, number):
    child = clean_record()
    assert number not in fired(child)
    assert number in fired(child, **COMPARING[number](child))


def test_every_rule_has_a_breaking_test():
    assert {r.number for r in rules.RULES} == set(BREAKERS) | set(COMPARING)


def test_about_110_dfe_rules_are_checked():
    dfe = [r for r in rules.RULES if not r.number.startswith("J")]
    total = len(dfe) + len(rules.RETURN_RULES) + len(rules.MET_BY_THE_EXPORT)
    assert total >= 105, total
    assert all(r.query == r.number.endswith("Q") for r in rules.RULES), "Q numbers are queries"


# --- edges the DfE's wording decides ------------------------------------------------------------


def test_a_plan_may_start_the_day_the_other_kind_ends(clean_child):
    """4016/4017: a CIN plan starting on a CP plan's end day (and the reverse) is not an overlap."""
    child = clean_record()
    cp(child).end = day(9, 1)
    ep(child).cin_plans.append(CinPlanRecord(day(9, 1)))
    assert not {"4016", "4017", "4001"} & fired(child)


def test_an_open_referral_with_no_further_action_does_not_overlap(clean_child):
    """8820: an open NFA referral does not hold the dates of the child's later referral."""
    child = clean_record()
    earlier = CinDetails(D(2025, 4, 2), "1A", referral_nfa=True)
    child.episodes.insert(0, earlier)
    assert "8820" not in fired(child)


def test_rules_about_time_elapsed_stop_at_today_while_the_year_is_under_way(clean_child):
    child = clean_record()
    s47(child).icpc_date = None
    s47(child).start = D(2025, 6, 10)
    assert "8675Q" in fired(child)
    assert "8675Q" not in fired(child, today=D(2025, 6, 20)), "9 working days so far"


def test_query_and_error_kinds_are_named_for_the_page():
    assert rules.rule_numbered("8670Q").kind == "Query"
    assert rules.rule_numbered("8866").kind == "Error"


# --- the return as a whole ---------------------------------------------------------------------


def tally(children) -> rules.ReturnTally:
    t = rules.ReturnTally()
    for child in children:
        t.add(child, rules.Context(COLLECTION))
    return t


def test_more_plans_starting_than_conferences_is_an_error(clean_child):
    child = clean_record()
    assert "2883" not in {r.number for r in rules.return_breaches(tally([child]))}
    ep(child).cp_plans.append(CpPlanRecord(day(12, 1), None, **OTHER_CP))
    assert "2883" in {r.number for r in rules.return_breaches(tally([child]))}


def test_children_without_a_recorded_sex_over_two_per_cent_is_a_query(clean_child):
    children = [clean_record() for _ in range(49)]
    unknown = dataclasses.replace(clean_record(), sex="U")
    unborn = dataclasses.replace(
        clean_record(), sex="U", birth_date=None, expected_birth_date=D(2026, 5, 1)
    )
    assert "2886Q" not in {r.number for r in rules.return_breaches(tally([*children, unknown]))}
    twice = [*children, unknown, dataclasses.replace(unknown)]
    assert "2886Q" in {r.number for r in rules.return_breaches(tally(twice))}
    assert "2886Q" not in {r.number for r in rules.return_breaches(tally([*children, unborn]))}


def test_few_disability_codes_and_one_per_child_are_queries(clean_child):
    codes = ["LD", "AUT", "BEH", "COMM", "MOB", "HAND", "PC", "INC"]
    one_each = [dataclasses.replace(clean_record(), disabilities=[code]) for code in codes]
    broken = {r.number for r in rules.return_breaches(tally(one_each))}
    assert "2887Q" not in broken and "2888Q" in broken
    seven = one_each[:7]
    seven[0] = dataclasses.replace(seven[0], disabilities=["LD", "AUT"])
    broken = {r.number for r in rules.return_breaches(tally(seven))}
    assert "2887Q" in broken and "2888Q" not in broken


def test_upn_expected_from_the_day_after_the_sixth_birthday_before_the_reference_date(
    clean_child,
):
    """8770Q: "earlier than" the reference date minus six years."""
    child = clean_record()
    child.upn, child.upn_unknown = "", ""
    child.birth_date = D(2020, 3, 31)
    assert "8770Q" not in fired(child)
    child.birth_date = D(2020, 3, 30)
    assert "8770Q" in fired(child)


def test_none_recorded_twice_is_a_repeat_not_none_with_others(clean_child):
    child = clean_record()
    child.disabilities = ["NONE", "NONE"]
    assert {"8794"} <= fired(child) and "8790" not in fired(child)


def test_the_expected_birth_range_excludes_its_end_points(clean_child):
    """8530Q: strictly between 30 days before and 9 months after the reference date."""
    child = clean_record()
    child.birth_date, child.sex = None, "U"
    for expected, queried in [
        (D(2026, 3, 1), True),
        (D(2026, 3, 2), False),
        (D(2026, 12, 30), False),
        (D(2026, 12, 31), True),
    ]:
        child.expected_birth_date = expected
        assert ("8530Q" in fired(child)) is queried, expected


def test_plans_of_both_kinds_starting_the_same_day_overlap(clean_child):
    child = clean_record()
    ep(child).cin_plans.append(CinPlanRecord(day(6, 30)))
    assert {"4016", "4017"} <= fired(child)


def test_no_factors_on_open_work_is_not_queried_while_the_year_is_under_way(clean_child):
    child = clean_record()
    assess(child).factors = ["21"]
    assert "8873Q" not in fired(child, today=D(2026, 2, 1))
    assert "8873Q" in fired(child)
