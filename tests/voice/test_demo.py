"""The demo council's year of participation: every team rated each quarter (some below the
target, a quarter rated again), activities, the "you said, we did" log with the sexual health
provision, and an issued impact report."""

from __future__ import annotations

import pytest

from journey.voice.impact.models import ImpactReport
from journey.voice.participation.models import ParticipationActivity, ParticipationRating
from journey.voice.you_said.models import YouSaidIssue
from journey.workforce.models import Team

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_participation(tiny_council):
    teams = Team.objects.filter(is_active=True)
    for team in teams:
        current = ParticipationRating.objects.filter(team=team, is_current=True)
        assert current.count() == 5, team
    latest = ParticipationRating.objects.filter(is_current=True, team__isnull=False)
    assert latest.filter(rung__lt=6).exists() and latest.filter(rung__gte=6).exists()
    assert ParticipationRating.objects.filter(is_current=False).count() == 1
    assert ParticipationActivity.objects.exists()
    sexual_health = YouSaidIssue.objects.get(raised__contains="sexual health")
    assert sexual_health.published and sexual_health.owner is not None
    assert YouSaidIssue.objects.filter(responded_on__isnull=True).exists()
    report = ImpactReport.objects.get()
    assert report.content["participation"]["rated"] == teams.count()
    assert bytes(report.pdf).startswith(b"%PDF")
