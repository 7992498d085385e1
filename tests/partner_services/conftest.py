from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from journey.partner_services import services
from journey.partner_services.models import PartnerService
from journey.people.models import Agency
from tests.factories import AgencyFactory

TODAY = timezone.localdate


def days_ago(n: int) -> dt.date:
    return TODAY() - dt.timedelta(days=n)


@pytest.fixture
def camhs(db) -> PartnerService:
    trust = AgencyFactory(name="Fairshire NHS Foundation Trust", kind=Agency.Kind.HEALTH)
    return services.add_partner_service(name="CAMHS", kind="camhs", agency=trust)


@pytest.fixture
def send(db) -> PartnerService:
    council = AgencyFactory(name="Fairshire Council", kind=Agency.Kind.COUNCIL)
    return services.add_partner_service(
        name="SEND: EHC needs assessment", kind="send", agency=council
    )


def refer(child, service, worker, *, on: dt.date | None = None, reason: str = "Low mood"):
    return services.refer(
        child, services.ReferralInput(service, on or days_ago(100), reason), by=worker.user
    )


def accept(referral, worker, *, on: dt.date | None = None):
    return services.record_response(
        referral,
        response="accepted",
        responded_on=on or referral.referred_on + dt.timedelta(days=10),
        note="",
        by=worker.user,
    )
