"""The secure link's token and code (issue 18's quality bar): unguessable, kept only as hashes,
single use, expiring, rate-limited per link and per address, and every failure logged."""

from __future__ import annotations

import datetime as dt
import hashlib
import math

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from journey.cases.services import close_episode
from journey.casework.models import FamilyBenefit
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.voice.links import services
from journey.voice.links.models import LinkFailure, OutboxMessage, ViewsAnswer
from journey.voice.links.services import LinkRefused, check_code, open_link, submit_views
from tests.factories import make_episode

ADDRESS = "203.0.113.7"
ANSWERS = {"working": "School mornings", "worries": "Money", "from_meeting": "A plan"}


def test_a_token_has_at_least_128_bits_and_each_link_its_own(send):
    tokens = [send().token for _ in range(20)]
    assert len(set(tokens)) == 20
    for token in tokens:
        # token_urlsafe(32): 43 characters of a 64-letter alphabet, 256 bits.
        assert len(token) >= 43
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        assert len(token) * math.log2(64) >= 128


def test_the_token_and_code_are_kept_only_as_sha256_hashes(send):
    sent = send()
    link = sent.link
    link.refresh_from_db()
    assert link.token_hash == hashlib.sha256(sent.token.encode()).hexdigest()
    assert link.code_hash and link.code_hash != hashlib.sha256(sent.code.encode()).hexdigest()
    assert len(sent.code) == 6 and sent.code.isdigit()
    # Nowhere in the link's tables, or their history, is the token or the code.
    for model in [m for m in apps.get_app_config("voice").get_models() if m is not OutboxMessage]:
        for row in model._base_manager.values_list():
            assert not any(sent.token in str(value) for value in row), model
            assert not any(str(value) == sent.code for value in row), model


def test_the_link_and_its_code_go_in_two_messages(send, mum):
    sent = send()
    link_message, code_message = OutboxMessage.objects.order_by("pk")
    assert link_message.to == code_message.to == "kim@example.com"
    assert f"http://testserver/voice/l/{sent.token}/" in link_message.body
    assert sent.code not in link_message.body
    assert sent.code in code_message.body and sent.token not in code_message.body
    # Nothing about the case: no names, no worker.
    for message in (link_message, code_message):
        assert "Ruby" not in message.body and "Ashworth" not in message.body
        assert "Kim" not in message.body


def test_a_feedback_form_needs_no_code_and_sends_one_message(send):
    sent = send(form="closure", purpose="closure")
    assert sent.code == "" and sent.link.code_hash == ""
    assert OutboxMessage.objects.count() == 1


def test_a_link_works_once(send, sc_child):
    sent = send()
    link = open_link(sent.token, address=ADDRESS)
    submit_views(link, ANSWERS)
    with pytest.raises(LinkRefused) as refused:
        open_link(sent.token, address=ADDRESS)
    assert refused.value.kind == LinkFailure.Kind.USED
    with pytest.raises(LinkRefused):
        submit_views(link, ANSWERS)
    assert ViewsAnswer.objects.count() == 1
    assert ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.VIEWS).count() == 1


def test_a_link_expires_after_the_days_the_settings_give(send, settings):
    settings.JOURNEY_VIEWS_LINK_DAYS = 14
    sent = send()
    assert sent.link.expires_at - sent.link.sent_at == dt.timedelta(days=14)
    open_link(sent.token, address=ADDRESS, now=sent.link.sent_at + dt.timedelta(days=13))
    with pytest.raises(LinkRefused) as refused:
        open_link(sent.token, address=ADDRESS, now=sent.link.sent_at + dt.timedelta(days=14))
    assert refused.value.kind == LinkFailure.Kind.EXPIRED
    with pytest.raises(LinkRefused):
        submit_views(sent.link, ANSWERS, now=sent.link.sent_at + dt.timedelta(days=15))


def test_an_unknown_token_is_refused_and_logged_without_it(db):
    with pytest.raises(LinkRefused) as refused:
        open_link("not-a-real-token", address=ADDRESS)
    assert refused.value.kind == LinkFailure.Kind.UNKNOWN
    failure = LinkFailure.objects.get()
    assert (failure.kind, failure.link, failure.client_address) == ("unknown", None, ADDRESS)


def test_the_code_is_checked_and_five_wrong_codes_lock_the_link(send, settings):
    settings.JOURNEY_VIEWS_LINK_FAILURES = 5
    sent = send()
    link = open_link(sent.token, address=ADDRESS)
    check_code(link, sent.token, f" {sent.code[:3]} {sent.code[3:]} ", address=ADDRESS)
    wrong = f"{(int(sent.code) + 1) % 10**6:06d}"
    left = []
    for _ in range(4):
        with pytest.raises(LinkRefused) as refused:
            check_code(link, sent.token, wrong, address=ADDRESS)
        left.append(refused.value.attempts_left)
    assert left == [4, 3, 2, 1]
    with pytest.raises(LinkRefused) as refused:
        check_code(link, sent.token, wrong, address=ADDRESS)
    assert refused.value.kind == LinkFailure.Kind.LOCKED
    # Locked: even the token alone no longer opens it, and the right code is too late.
    with pytest.raises(LinkRefused) as refused:
        open_link(sent.token, address="198.51.100.1")
    assert refused.value.kind == LinkFailure.Kind.LOCKED
    kinds = list(LinkFailure.objects.filter(link=link).values_list("kind", flat=True))
    assert kinds.count("wrong_code") == 5 and kinds.count("locked") == 1


def test_an_empty_code_is_asked_for_not_counted(send):
    sent = send()
    with pytest.raises(ValidationError):
        check_code(sent.link, sent.token, "  ", address=ADDRESS)
    assert not LinkFailure.objects.exists()


def test_an_address_with_too_many_failures_in_an_hour_is_told_to_try_later(send, settings):
    settings.JOURNEY_VIEWS_ADDRESS_FAILURES = 10
    good = send()
    now = timezone.now()
    for n in range(10):
        with pytest.raises(LinkRefused):
            open_link(f"guess-{n}", address=ADDRESS, now=now)
    # Even a good link is turned away from that address for the hour, and that is logged too.
    with pytest.raises(LinkRefused) as refused:
        open_link(good.token, address=ADDRESS, now=now)
    assert refused.value.kind == LinkFailure.Kind.TOO_MANY
    assert LinkFailure.objects.filter(kind="too_many", client_address=ADDRESS).count() == 1
    # Another address is not held back, and an hour later neither is this one.
    open_link(good.token, address="198.51.100.1", now=now)
    open_link(good.token, address=ADDRESS, now=now + dt.timedelta(hours=1, seconds=1))


def test_every_failure_is_kept_with_when_and_from_where(send):
    sent = send(form="closure", purpose="closure")
    submit_views(open_link(sent.token, address=ADDRESS), {"benefit": "a_lot"})
    for token in (sent.token, "nothing-like-it"):
        with pytest.raises(LinkRefused):
            open_link(token, address=ADDRESS)
    rows = list(LinkFailure.objects.order_by("pk").values_list("kind", "client_address"))
    assert rows == [("used", ADDRESS), ("unknown", ADDRESS)]
    assert all(f.occurred_at for f in LinkFailure.objects.all())


def test_answers_are_checked_in_the_forms_own_words_and_nothing_half_saved(send, sc_child):
    sent = send()
    with pytest.raises(ValidationError) as refused:
        submit_views(sent.link, {"working": "Mornings"})
    assert refused.value.message_dict["worries"] == ["Tell us what worries you, or write 'nothing'"]
    assert not ViewsAnswer.objects.exists()
    sent.link.refresh_from_db()
    assert sent.link.answered_at is None


def test_benefit_at_closure_is_kept_on_the_scale_and_in_words(send):
    sent = send(form="closure", purpose="closure")
    answer = submit_views(sent.link, {"benefit": "a_great_deal", "benefit_words": "Calmer"})
    assert (answer.benefit, answer.benefit_words) == ("a_great_deal", "Calmer")
    assert answer.answers[0] == {
        "question": "How much difference has the help made?",
        "answer": "A great deal",
    }
    with pytest.raises(ValidationError):
        submit_views(send(form="closure").link, {"benefit": "enormous"})
    # It is the family's evidence of benefit too, beside what workers record.
    benefit = FamilyBenefit.objects.get()
    assert (benefit.score, benefit.at, benefit.source) == (5, "closure", "link")
    assert benefit.words == "Calmer" and benefit.episode.child_id == sent.link.child_id


def test_the_views_land_on_the_chronology_for_the_worker(send, sc_child, mum):
    answer = submit_views(send().link, ANSWERS)
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.VIEWS)
    assert entry.title == "Views from parent (Kim Ashworth)"
    assert "What worries you? Money" in entry.summary
    assert (entry.source_model, entry.source_pk) == ("viewsanswer", answer.pk)
    # A young child's form, sent to her mother to fill in with her: the child's views.
    young = send(form="young_child", channel="text").link
    submit_views(young, {"home": "happy", "school": "worried", "safe": "yes"})
    entry = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.VIEWS).latest("pk")
    assert entry.title == "Views from the child"
    assert "How do you feel at school or nursery? Worried" in entry.summary


def test_a_link_for_someone_without_contact_details_for_the_channel_is_refused(send, dad, sc_child):
    with pytest.raises(ValidationError) as refused:
        send(recipient=dad, channel="text")
    assert refused.value.message_dict["channel"] == [
        "Lee Ashworth has no mobile number on their record: add it on the child's family page, "
        "or choose the other way to send"
    ]
    with pytest.raises(ValidationError) as refused:
        send(recipient=sc_child, form="older_child")
    assert "Ruby Ashworth has no email address" in refused.value.message_dict["channel"][0]
    assert not OutboxMessage.objects.exists()


def test_a_link_goes_only_to_the_child_or_their_parents_and_carers(send, eh_child, sc_child):
    with pytest.raises(ValidationError) as refused:
        send(recipient=eh_child)
    assert refused.value.message_dict["recipient"]
    with pytest.raises(ValidationError) as refused:
        send(recipient=sc_child, form="parent")
    assert "parent or carer" in refused.value.message_dict["form"][0]


def test_acknowledging_never_changes_the_answer_and_responses_are_appended(send, council):
    answer = submit_views(send().link, ANSWERS)
    sent_as = list(answer.answers)
    worker = council["social_worker"].user
    services.acknowledge_views(answer, by=worker)
    services.acknowledge_views(answer, by=worker, response="We will talk about money first.")
    services.acknowledge_views(answer, by=worker, response="Referred to the benefits adviser.")
    answer.refresh_from_db()
    assert answer.answers == sent_as and answer.acknowledged_by == worker
    assert [r.text for r in answer.responses.order_by("pk")] == [
        "We will talk about money first.",
        "Referred to the benefits adviser.",
    ]
    with pytest.raises(ValidationError):
        services.acknowledge_views(answer, by=worker)  # nothing to add


def test_benefit_is_kept_on_the_work_running_the_day_it_was_given(send, council, sc_child):
    earlier = sc_child.episodes.get()
    answered = timezone.now() - dt.timedelta(days=3)
    sent = send(form="closure", purpose="closure", now=answered - dt.timedelta(hours=2))
    today = timezone.localdate()
    close_episode(earlier, ended_on=today - dt.timedelta(days=1), reason="RC8", note="Closed.",
                  closed_by=council["team_manager"].user)  # fmt: skip
    later = make_episode(sc_child, council["team_manager"], started_on=today)
    submit_views(sent.link, {"benefit": "a_lot"}, now=answered)
    benefit = FamilyBenefit.objects.get()
    assert benefit.episode == earlier and benefit.episode != later
    assert benefit.given_on == timezone.localdate(answered)
