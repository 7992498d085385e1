"""The worker's pages and the public pages of a secure link: asking for views, the outbox, the
Views tab and a link's page (with their query counts and access events), who may not send or
read, and the public pages' headers, code step and refusals, showing nothing about the case."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.models import AccessEvent
from journey.voice.links.models import LinkFailure, OutboxMessage, ViewsAnswer, ViewsLink
from journey.voice.links.services import LinkRefused, open_link, submit_views

ANSWERS = {"working": "School mornings", "worries": "Money", "from_meeting": "A plan"}


def ask(client, child, recipient, form="parent", channel="email"):
    return client.post(
        reverse("ask_for_views", args=[child.pk]),
        {"recipient": recipient.pk, "form": form, "purpose": "meeting", "channel": channel},
    )


def test_the_worker_asks_for_a_parents_views_and_the_outbox_holds_both_messages(
    client, council, sc_child, mum
):
    client.force_login(council["social_worker"].user)
    page = client.get(reverse("child_views", args=[sc_child.pk])).content.decode()
    assert "Ask for views" in page and "kim@example.com" in page
    response = ask(client, sc_child, mum)
    assert response.status_code == 302
    link = ViewsLink.objects.get()
    assert (link.recipient, link.relation, link.sent_to) == (mum, "parent", "kim@example.com")
    assert OutboxMessage.objects.count() == 2
    tab = client.get(reverse("child_views", args=[sc_child.pk])).content.decode()
    assert "Kim Ashworth" in tab and "Waiting" in tab


def test_a_link_for_someone_with_no_contact_details_is_refused_with_a_clear_error(
    client, council, sc_child, dad
):
    client.force_login(council["social_worker"].user)
    page = ask(client, sc_child, dad, channel="text").content.decode()
    assert "Lee Ashworth has no mobile number on their record" in page
    assert "govuk-error-summary" in page
    assert not ViewsLink.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.parametrize("role", ["qa_officer", "performance_officer", "practitioner"])
def test_who_may_not_write_to_the_childs_record_may_not_send(client, council, sc_child, mum, role):
    client.force_login(council[role].user)
    assert ask(client, sc_child, mum).status_code == 403
    assert not ViewsLink.objects.exists()
    assert AccessEvent.objects.filter(user=council[role].user, action="denied").exists()


def test_who_may_not_read_the_answers_gets_a_logged_refusal(client, council, sc_child, send):
    answer = submit_views(send().link, ANSWERS)
    link_url = reverse("views_link", args=[answer.link_id])
    for role in ["external_lead", "practitioner", "participation_officer", "administrator"]:
        client.force_login(council[role].user)
        for url in (link_url, reverse("child_views", args=[sc_child.pk])):
            response = client.get(url)
            assert response.status_code == 403, (role, url)
            assert "Money" not in response.content.decode()
        assert AccessEvent.objects.filter(user=council[role].user, action="denied").exists()


def test_the_worker_reads_acknowledges_and_responds_and_each_view_is_logged(
    client, council, sc_child, send
):
    answer = submit_views(send().link, ANSWERS)
    worker = council["social_worker"].user
    client.force_login(worker)
    url = reverse("views_link", args=[answer.link_id])
    page = client.get(url).content.decode()
    assert "What worries you?" in page and "Money" in page and "Acknowledge" in page
    assert AccessEvent.objects.filter(user=worker, child=sc_child, action="view").exists()
    respond = reverse("respond_to_views", args=[answer.link_id])
    assert client.post(respond, {"response": ""}).status_code == 302
    client.post(respond, {"response": "We will start with money."})
    page = client.get(url).content.decode()
    assert "Acknowledged" in page and "We will start with money." in page
    answer.refresh_from_db()
    assert answer.acknowledged_by == worker and answer.answers[1]["answer"] == "Money"


def test_the_chronology_entry_opens_the_link_page(client, council, sc_child, send):
    answer = submit_views(send().link, ANSWERS)
    entry = ChronologyEntry.objects.get(child=sc_child, kind=EntryKind.VIEWS)
    client.force_login(council["social_worker"].user)
    chronology = client.get(reverse("child_chronology", args=[sc_child.pk])).content.decode()
    assert "Views from parent (Kim Ashworth)" in chronology
    source = reverse(
        "chronology_source", args=[sc_child.pk, entry.source_app, entry.source_model, answer.pk]
    )
    response = client.get(source)
    assert response.status_code == 302
    assert response["Location"] == reverse("views_link", args=[answer.link_id])


def test_the_outbox_is_for_administrators_only(client, council, send):
    send()
    client.force_login(council["administrator"].user)
    assert "Your code for the" in client.get(reverse("views_outbox")).content.decode()
    for role in ["social_worker", "team_manager", "assistant_director"]:
        client.force_login(council[role].user)
        assert client.get(reverse("views_outbox")).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_views_tab_and_a_links_page_make_the_same_queries_however_many_links(
    client, council, sc_child, send
):
    client.force_login(council["social_worker"].user)
    first = send()
    submit_views(first.link, ANSWERS)
    tab = reverse("child_views", args=[sc_child.pk])
    page = reverse("views_link", args=[first.link.pk])
    few_tab, few_page = _queries(client, tab), _queries(client, page)
    for n in range(6):
        sent = send(form="closure")
        if n % 2:
            submit_views(sent.link, {"benefit": "some"})
            client.post(reverse("respond_to_views", args=[sent.link.pk]), {"response": "Thanks"})
        with pytest.raises(LinkRefused):
            open_link("wrong-" + str(n), address="203.0.113.9")
    client.post(reverse("respond_to_views", args=[first.link.pk]), {"response": "One"})
    client.post(reverse("respond_to_views", args=[first.link.pk]), {"response": "Two"})
    assert _queries(client, tab) == few_tab
    assert _queries(client, page) == few_page


# --- the public pages ------------------------------------------------------------------------


def _public(sent) -> str:
    return reverse("views_public", args=[sent.token])


def _no_case(text: str) -> None:
    for word in ("Ruby", "Ashworth", "Kim", "social_worker", "Child in Need"):
        assert word not in text


def test_the_public_pages_need_no_account_send_no_referrer_and_are_never_cached(client, send):
    sent = send()
    response = client.get(_public(sent))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Enter your code" in text
    _no_case(text)
    assert "<script" not in re.sub(r"<script nonce=[^>]*>[^<]*</script>", "", text).replace(
        '<script type="module"', ""
    )


def test_a_parent_gives_the_code_then_answers_once(client, send, sc_child):
    sent = send()
    url = _public(sent)
    wrong = client.post(url, {"code": "000000" if sent.code != "000000" else "111111"})
    assert (
        "The code is not right" in wrong.content.decode()
        and "4 more times" in wrong.content.decode()
    )
    assert client.post(url, {"code": sent.code}).status_code == 302
    form = client.get(url)
    text = form.content.decode()
    assert "What worries you?" in text
    _no_case(text)
    missing = client.post(url, {"working": "Mornings"}).content.decode()
    assert "Tell us what worries you" in missing
    done = client.post(url, ANSWERS)
    assert done.status_code == 302 and done["Location"] == reverse("views_thanks")
    assert ViewsAnswer.objects.get().answers[0]["answer"] == "School mornings"
    again = client.get(url)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert again["Referrer-Policy"] == "no-referrer"


def test_answers_without_the_code_are_not_taken(client, send):
    sent = send()
    response = client.post(_public(sent), ANSWERS)
    assert "Enter your code" in response.content.decode()
    assert not ViewsAnswer.objects.exists()


def test_the_young_childs_form_has_pictures_with_words_and_radios(client, send):
    sent = send(form="young_child", channel="text")
    client.post(_public(sent), {"code": sent.code})
    text = client.get(_public(sent)).content.decode()
    assert text.count('class="journey-face"') == 10  # five faces, two questions
    assert 'type="radio"' in text and ">Happy</span>" in text and ">Worried</span>" in text
    assert 'aria-hidden="true"' in text


def test_five_wrong_codes_lock_the_link_on_a_try_later_page(client, send):
    sent = send()
    wrong = "000000" if sent.code != "000000" else "111111"
    for _ in range(4):
        client.post(_public(sent), {"code": wrong})
    last = client.post(_public(sent), {"code": wrong})
    assert last.status_code == 429 and "Try again later" in last.content.decode()
    assert client.post(_public(sent), {"code": sent.code}).status_code == 429
    assert LinkFailure.objects.filter(link=sent.link, kind="wrong_code").count() == 5


def test_an_unknown_or_expired_link_says_so_and_is_logged(client, send, settings):
    response = client.get(reverse("views_public", args=["x" * 43]))
    assert response.status_code == 404 and "This link does not work" in response.content.decode()
    sent = send(form="closure")
    ViewsLink.objects.filter(pk=sent.link.pk).update(expires_at=sent.link.sent_at)
    expired = client.get(_public(sent))
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert list(LinkFailure.objects.values_list("kind", flat=True).order_by("pk")) == [
        "unknown",
        "expired",
    ]


def test_too_many_failures_from_one_address_get_the_try_later_page(client, send, settings):
    settings.JOURNEY_VIEWS_ADDRESS_FAILURES = 3
    sent = send(form="closure")
    for n in range(3):
        client.get(reverse("views_public", args=[f"guess{n}"]))
    response = client.get(_public(sent))
    assert response.status_code == 429 and "Try again later" in response.content.decode()
    assert response["Cache-Control"].startswith("no-store")
