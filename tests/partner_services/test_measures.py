"""Partner services' measures, counted on hand-built referrals whose answers are worked out
below: the wait for a first appointment (all services and each kind), escalations raised, and
the referrals still waiting at the month's end."""

from __future__ import annotations

import datetime as dt

import pytest

from journey.cases.models import EpisodeKind
from journey.core.measures import Tally, Window, council_tally, get, registered
from journey.partner_services import services
from journey.partner_services.measures import (
    ESCALATIONS,
    REFERRALS_WAITING,
    WAITING_DAYS,
    WAITING_DAYS_BY_KIND,
)
from journey.partner_services.models import PartnerService
from journey.people.models import Person
from tests.factories import make_child, make_episode
from tests.partner_services.conftest import accept, refer

pytestmark = pytest.mark.django_db

SEP, OCT, NOV = (dt.date(2026, m, 1) for m in (9, 10, 11))
CAMHS_DAYS = get("partner_service_waiting_days_camhs")
SEND_DAYS = get("partner_service_waiting_days_send")


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


@pytest.fixture
def referrals(council, camhs, send):
    """Children held by the social care team (Amy, Cal, Eve), the early help team (Ben, Fay),
    and Dan with no work open, referred by the other social care team's worker:

    - Amy to CAMHS 1 July, seen 31 October (122 days); escalated 30 September and 1 October;
      to SEND on 1 November.
    - Ben to CAMHS 1 September, seen 1 October (30 days).
    - Cal to SEND 15 August, seen 1 November (78 days); escalated 1 November.
    - Dan to SEND 10 September, seen 20 October (40 days); escalated 15 October.
    - Eve to CAMHS 20 September, declined 5 October.
    - Fay to SEND 10 October by the social worker, withdrawn 5 November; escalated 31 October.
    """
    sw, practitioner, other = (
        council["social_worker"],
        council["practitioner"],
        council["other_social_worker"],
    )
    children = {}
    for name, worker, kind in [
        ("Amy", sw, EpisodeKind.SOCIAL_CARE),
        ("Ben", practitioner, EpisodeKind.EARLY_HELP_CAF),
        ("Cal", sw, EpisodeKind.SOCIAL_CARE),
        ("Dan", None, None),
        ("Eve", sw, EpisodeKind.SOCIAL_CARE),
        ("Fay", practitioner, EpisodeKind.EARLY_HELP_CAF),
    ]:
        children[name] = make_child(worker or other, first_name=name)
        if worker:
            make_episode(children[name], worker, kind=kind, started_on=d(1, 5), allocate_to=worker)

    def seen(referral, accepted_on, on):
        accept(referral, sw, on=accepted_on)
        services.record_first_appointment(referral, seen_on=on, by=sw.user)

    def escalate(referral, on, by=sw, level="manager"):
        services.escalate(
            referral,
            services.EscalationInput(
                escalated_on=on, to_whom="Dr Shah, service manager", level=level, asked="A date"
            ),
            by=by.user,
        )

    amy = refer(children["Amy"], camhs, sw, on=d(7, 1))
    accept(amy, sw, on=d(7, 10))
    escalate(amy, d(9, 30))
    escalate(amy, d(10, 1), level="head_of_service")
    services.record_first_appointment(amy, seen_on=d(10, 31), by=sw.user)
    refer(children["Amy"], send, sw, on=NOV)
    seen(refer(children["Ben"], camhs, practitioner, on=SEP), d(9, 5), OCT)
    cal = refer(children["Cal"], send, sw, on=d(8, 15))
    accept(cal, sw, on=d(8, 20))
    escalate(cal, NOV)
    services.record_first_appointment(cal, seen_on=NOV, by=sw.user)
    dan = refer(children["Dan"], send, other, on=d(9, 10))
    accept(dan, other, on=d(9, 12))
    escalate(dan, d(10, 15), by=other)
    services.record_first_appointment(dan, seen_on=d(10, 20), by=other.user)
    eve = refer(children["Eve"], camhs, sw, on=d(9, 20))
    services.record_response(
        eve, response="declined", responded_on=d(10, 5), note="Not our criteria", by=sw.user
    )
    fay = refer(children["Fay"], send, sw, on=d(10, 10))
    escalate(fay, d(10, 31))
    services.withdraw(fay, withdrawn_on=d(11, 5), reason="The family moved away", by=sw.user)
    return children


def test_the_measures_are_registered():
    assert get("partner_service_waiting_days") is WAITING_DAYS
    assert get("partner_service_escalations") is ESCALATIONS
    assert get("partner_referrals_waiting") is REFERRALS_WAITING
    keys = {m.key for m in registered()}
    for kind in PartnerService.Kind:
        assert f"partner_service_waiting_days_{kind.value}" in keys
    assert CAMHS_DAYS in WAITING_DAYS_BY_KIND


# --- the wait for a first appointment ---------------------------------------------------------


def test_the_average_wait_of_those_first_seen_in_the_month(referrals):
    # October: Amy 122 days (seen on the 31st), Ben 30 (seen on the 1st), Dan 40; not Cal (seen
    # on 1 November).
    tally = council_tally(WAITING_DAYS.groups(Window.month(OCT)))
    assert tally == Tally(192, 3)
    assert WAITING_DAYS.format(tally.value(WAITING_DAYS.unit)) == "64.0 days"
    assert council_tally(WAITING_DAYS.groups(Window.month(NOV))) == Tally(78, 1)
    assert council_tally(WAITING_DAYS.groups(Window.month(SEP))) == Tally(0, 0)


def test_each_kind_of_service_has_its_own_average(referrals):
    assert council_tally(CAMHS_DAYS.groups(Window.month(OCT))) == Tally(152, 2)
    assert council_tally(SEND_DAYS.groups(Window.month(OCT))) == Tally(40, 1)
    assert council_tally(SEND_DAYS.groups(Window.month(NOV))) == Tally(78, 1)
    speech = get("partner_service_waiting_days_speech")
    assert council_tally(speech.groups(Window.month(OCT))) == Tally(0, 0)


def test_waits_by_the_team_holding_the_childs_work(referrals, council):
    # Dan has no work open: he counts in the team of the worker who referred him.
    assert WAITING_DAYS.groups(Window.month(OCT)) == {
        (council.sc_team.pk, None): Tally(122, 1),
        (council.eh_team.pk, None): Tally(30, 1),
        (council.other_sc_team.pk, None): Tally(40, 1),
    }


def test_a_restricted_childs_wait_is_counted(referrals):
    Person.objects.filter(pk=referrals["Amy"].pk).update(is_restricted=True)
    assert council_tally(WAITING_DAYS.groups(Window.month(OCT))) == Tally(192, 3)


# --- escalations ------------------------------------------------------------------------------


def test_escalations_raised_in_the_month(referrals):
    # October: Amy's on the 1st, Dan's on the 15th, Fay's on the 31st; Amy's first on 30
    # September and Cal's on 1 November are the months either side.
    assert council_tally(ESCALATIONS.groups(Window.month(OCT))) == Tally(3, 3)
    assert council_tally(ESCALATIONS.groups(Window.month(SEP))) == Tally(1, 1)
    assert council_tally(ESCALATIONS.groups(Window.month(NOV))) == Tally(1, 1)
    assert ESCALATIONS.format(Tally(3, 3).value(ESCALATIONS.unit)) == "3"


def test_escalations_by_team(referrals, council):
    # Fay was referred by the social worker, but the early help team holds her work.
    assert ESCALATIONS.groups(Window.month(OCT)) == {
        (council.sc_team.pk, None): Tally(1, 1),
        (council.eh_team.pk, None): Tally(1, 1),
        (council.other_sc_team.pk, None): Tally(1, 1),
    }


# --- referrals waiting at the month's end -----------------------------------------------------


def test_referrals_waiting_at_the_end_of_each_month_as_they_stood_then(referrals):
    def waiting(month):
        return set(REFERRALS_WAITING.items(Window.month(month)).values_list("child__first_name"))

    # 30 September: all but Fay (referred in October).
    assert waiting(SEP) == {("Amy",), ("Ben",), ("Cal",), ("Dan",), ("Eve",)}
    # 31 October: Cal (seen 1 November) and Fay (withdrawn 5 November); Amy was seen on the
    # 31st, Eve declined; Amy's referral to SEND on 1 November is November's.
    assert waiting(OCT) == {("Cal",), ("Fay",)}
    assert waiting(NOV) == {("Amy",)}
    assert council_tally(REFERRALS_WAITING.groups(Window.month(OCT))) == Tally(2, 2)


def test_referrals_waiting_by_team(referrals, council):
    assert REFERRALS_WAITING.groups(Window.month(SEP)) == {
        (council.sc_team.pk, None): Tally(3, 3),
        (council.eh_team.pk, None): Tally(1, 1),
        (council.other_sc_team.pk, None): Tally(1, 1),
    }


def test_in_the_current_month_waiting_is_read_today(referrals):
    window = Window.month(OCT, today=d(10, 4))
    # 4 October: Amy, Cal, Dan and Eve (declined the next day); Ben was seen on the 1st.
    assert council_tally(REFERRALS_WAITING.groups(window)) == Tally(4, 4)


# --- one query each, whatever the data --------------------------------------------------------


@pytest.mark.parametrize("measure", [WAITING_DAYS, CAMHS_DAYS, ESCALATIONS, REFERRALS_WAITING])
def test_each_figure_is_one_query(measure, referrals, django_assert_num_queries):
    with django_assert_num_queries(1):
        measure.groups(Window.month(OCT))
