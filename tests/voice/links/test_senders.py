"""The pluggable sender: the outbox by default, GOV.UK Notify by a setting. Notify's official
client is used as it is; only the HTTP call it would make is caught (requests' Session.request),
and checked."""

from __future__ import annotations

import json
import uuid

import jwt
import pytest
import requests

from journey.voice.links.models import OutboxMessage, ViewsLink
from journey.voice.links.senders import NotifySender, OutboxSender, message_sender

SERVICE_ID = str(uuid.UUID(int=1))
SECRET = str(uuid.UUID(int=2))
EMAIL_TEMPLATE = str(uuid.UUID(int=3))
SMS_TEMPLATE = str(uuid.UUID(int=4))


@pytest.fixture
def notify(settings, monkeypatch):
    settings.JOURNEY_MESSAGE_SENDER = "journey.voice.links.senders.NotifySender"
    settings.JOURNEY_NOTIFY_API_KEY = f"journey_test-{SERVICE_ID}-{SECRET}"
    settings.JOURNEY_NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.JOURNEY_NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    calls = []

    def request(session, method, url, **kwargs):
        calls.append((method, url, kwargs))
        response = requests.Response()
        response.status_code = 201
        response._content = b'{"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}'
        response.headers["Content-Type"] = "application/json"
        return response

    monkeypatch.setattr(requests.Session, "request", request)
    return calls


def test_the_outbox_is_the_default_sender(settings):
    assert isinstance(message_sender(), OutboxSender)


def test_notify_is_sent_the_link_by_email_then_the_code(notify, send):
    assert isinstance(message_sender(), NotifySender)
    sent = send()
    assert len(notify) == 2
    (method, url, kwargs), (_, code_url, code_kwargs) = notify
    assert method == "POST"
    assert url == "https://api.notifications.service.gov.uk/v2/notifications/email"
    body = json.loads(kwargs["data"])
    assert body["email_address"] == "kim@example.com"
    assert body["template_id"] == EMAIL_TEMPLATE
    assert f"/voice/l/{sent.token}/" in body["personalisation"]["body"]
    assert body["reference"] == f"views-link-{sent.link.pk}"
    assert sent.code in json.loads(code_kwargs["data"])["personalisation"]["body"]
    # Signed with the key's secret, for the key's service, as Notify expects.
    token = kwargs["headers"]["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID
    assert not OutboxMessage.objects.exists()


def test_notify_is_sent_a_text_to_the_mobile(notify, send):
    send(form="closure", channel="text")
    [(method, url, kwargs)] = notify
    assert url.endswith("/v2/notifications/sms")
    body = json.loads(kwargs["data"])
    assert (body["phone_number"], body["template_id"]) == ("07700900982", SMS_TEMPLATE)


def test_a_notify_failure_keeps_no_link(settings, monkeypatch, send):
    settings.JOURNEY_MESSAGE_SENDER = "journey.voice.links.senders.NotifySender"
    settings.JOURNEY_NOTIFY_API_KEY = f"journey_test-{SERVICE_ID}-{SECRET}"

    def refused(session, method, url, **kwargs):
        response = requests.Response()
        response.status_code = 400
        response._content = b'{"errors": [{"error": "BadRequestError", "message": "Bad"}]}'
        response.headers["Content-Type"] = "application/json"
        return response

    monkeypatch.setattr(requests.Session, "request", refused)
    with pytest.raises(Exception, match="400"):
        send()
    assert not ViewsLink.objects.exists()


def test_notify_without_a_key_says_which_setting(settings, send):
    settings.JOURNEY_MESSAGE_SENDER = "journey.voice.links.senders.NotifySender"
    settings.JOURNEY_NOTIFY_API_KEY = ""
    with pytest.raises(Exception, match="JOURNEY_NOTIFY_API_KEY"):
        send()
