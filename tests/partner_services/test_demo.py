"""The demo council's NHS numbers and referrals to partner services, through the services."""

from __future__ import annotations

from django.db.models import Count

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.partner_services.models import Escalation, Referral
from journey.people.identifier.selectors import possible_duplicates
from journey.people.models import IdentifierCheck, NotSameChild, Person
from journey.workforce.models import Role, Worker
from tests.tiny_council import AS_OF


def test_the_demo_council_checks_numbers_and_has_one_pair_to_review(tiny_council):
    statuses = dict(
        IdentifierCheck.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    assert statuses["verified"] >= 2 and statuses["conflict"] == 1
    assert statuses.get("no_number", 0) >= 1
    children = Person.objects.children()
    numbered = children.exclude(nhs_number="").count()
    assert numbered > 0.9 * children.count() > statuses["verified"]  # most are unverified
    director = Worker.objects.get(role=Role.ASSISTANT_DIRECTOR, user__username="assistant.director")
    pairs = possible_duplicates(director.user)
    assert len(pairs) == 1
    assert pairs[0].first.date_of_birth == pairs[0].second.date_of_birth
    assert NotSameChild.objects.count() == 2


def test_the_demo_council_refers_to_camhs_and_send_and_escalates(tiny_council):
    referrals = Referral.objects.select_related("service")
    by_kind = dict(referrals.values_list("service__kind").annotate(n=Count("pk")).order_by())
    assert by_kind["camhs"] >= 5 and by_kind["send"] >= 2
    assert referrals.filter(response="declined").count() >= 2
    assert referrals.filter(withdrawn_on__isnull=False).count() == 1
    twice = referrals.annotate(n=Count("escalations")).filter(n=2).get()
    assert twice.service.kind == "camhs" and twice.escalations.filter(resolved_on=None).exists()
    waits = [r.waiting_days(AS_OF) for r in referrals.filter(service__kind="camhs")]
    assert max(w for w in waits if w is not None) > 180  # long waits
    assert not ChronologyEntry.objects.filter(
        kind__in=[EntryKind.PARTNER_SERVICE, EntryKind.IDENTIFIER], occurred_at__date__gt=AS_OF
    ).exists()
    assert (
        ChronologyEntry.objects.filter(
            source_model="escalation", kind=EntryKind.PARTNER_SERVICE
        ).count()
        == Escalation.objects.count() + Escalation.objects.exclude(responded_on=None).count()
    )
