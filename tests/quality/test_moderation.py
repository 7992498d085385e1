"""Moderation: a second auditor changes a grade with a reason; the auditor's grade and the
moderated grade are both kept, and the child's chronology says so."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.quality.followup import moderate_audit
from journey.quality.models import AuditModeration, Grade, GradeChange

pytestmark = pytest.mark.django_db

REASON = (
    "The plan was reviewed on time and the child's views shape it: the auditor missed the "
    "review notes filed under the meeting."
)


def test_a_moderated_grade_keeps_the_original(audit, council, sc_child):
    director = council["assistant_director"]
    answer = audit.answers.select_related("question__domain").first()
    moderation = moderate_audit(
        audit,
        moderator=director,
        overall_grade=Grade.GOOD,
        answer_grades={answer.pk: Grade.OUTSTANDING},
        reason=REASON,
    )
    audit.refresh_from_db()
    answer.refresh_from_db()
    assert (audit.overall_grade, audit.final_grade) == (Grade.REQUIRES_IMPROVEMENT, Grade.GOOD)
    assert (answer.grade, answer.final_grade) == (Grade.REQUIRES_IMPROVEMENT, Grade.OUTSTANDING)
    changes = list(moderation.changes.values_list("answer", "from_grade", "to_grade"))
    assert changes == [
        (None, Grade.REQUIRES_IMPROVEMENT, Grade.GOOD),
        (answer.pk, Grade.REQUIRES_IMPROVEMENT, Grade.OUTSTANDING),
    ]
    history = [h.final_grade for h in audit.history.order_by("history_date")]
    assert history == [Grade.REQUIRES_IMPROVEMENT, Grade.GOOD]
    entry = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.AUDIT).latest("pk")
    assert entry.title == "Case file audit moderated: Requires improvement changed to Good"
    assert entry.source_model == "auditmoderation"
    assert not entry.is_significant


def test_changing_a_grade_needs_a_reason(audit, council):
    with pytest.raises(ValidationError) as excinfo:
        moderate_audit(
            audit,
            moderator=council["assistant_director"],
            overall_grade=Grade.GOOD,
            answer_grades={},
            reason="Looks fine",
        )
    assert "reason for changing the grade" in excinfo.value.message_dict["reason"][0]
    assert not AuditModeration.objects.exists() and not GradeChange.objects.exists()
    audit.refresh_from_db()
    assert audit.final_grade == Grade.REQUIRES_IMPROVEMENT


def test_agreeing_needs_no_reason_and_changes_nothing(audit, council):
    moderation = moderate_audit(
        audit,
        moderator=council["assistant_director"],
        overall_grade=Grade.REQUIRES_IMPROVEMENT,
        answer_grades={},
        reason="",
    )
    assert not moderation.changes.exists()
    assert ChronologyEntry.objects.filter(
        title="Case file audit moderated: Requires improvement agreed"
    ).exists()


def test_the_auditor_cannot_moderate_their_own_audit_and_it_is_moderated_once(audit, council, qa):
    with pytest.raises(ValidationError, match="a second auditor must moderate it"):
        moderate_audit(audit, moderator=qa, overall_grade=2, answer_grades={}, reason=REASON)
    with pytest.raises(ValidationError, match="Only quality assurance officers and assistant"):
        moderate_audit(
            audit,
            moderator=council["team_manager"],
            overall_grade=2,
            answer_grades={},
            reason=REASON,
        )
    director = council["assistant_director"]
    moderate_audit(audit, moderator=director, overall_grade=2, answer_grades={}, reason=REASON)
    with pytest.raises(ValidationError, match="already been moderated"):
        moderate_audit(audit, moderator=director, overall_grade=1, answer_grades={}, reason=REASON)
