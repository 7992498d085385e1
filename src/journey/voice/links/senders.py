"""Sending a link's messages, through the sender named by JOURNEY_MESSAGE_SENDER.

`OutboxSender` (the default) writes each message to the outbox (OutboxMessage), read by
administrators on the outbox page, by the demo and by the tests. `NotifySender` sends it through
GOV.UK Notify with Notify's official client: one email template and one text message template,
each with the placeholders ((subject)) (email only) and ((body)), their ids in
JOURNEY_NOTIFY_EMAIL_TEMPLATE_ID and JOURNEY_NOTIFY_SMS_TEMPLATE_ID, the key in
JOURNEY_NOTIFY_API_KEY."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

from journey.voice.links.models import Channel, OutboxMessage


@dataclass(frozen=True)
class Message:
    channel: str  # Channel
    to: str
    body: str
    subject: str = ""
    #: Ours, given to the gateway to find the message again (never the token).
    reference: str = ""


class Sender(Protocol):
    def send(self, message: Message) -> None: ...


class OutboxSender:
    """Keeps the message in the outbox instead of sending it (dated now, or `at` for the demo's
    year of links)."""

    def __init__(self, at: dt.datetime | None = None) -> None:
        self.at = at

    def send(self, message: Message) -> None:
        OutboxMessage.objects.create(
            channel=message.channel,
            to=message.to,
            subject=message.subject,
            body=message.body,
            reference=message.reference,
            sent_at=self.at or timezone.now(),
        )


class NotifySender:
    """Sends through GOV.UK Notify. A failure raises the client's error, so the service's
    transaction rolls back: no link is kept that was not sent."""

    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        key = settings.JOURNEY_NOTIFY_API_KEY
        if not key:
            raise ImproperlyConfigured("Set JOURNEY_NOTIFY_API_KEY to send through GOV.UK Notify")
        self.client = NotificationsAPIClient(key, base_url=settings.JOURNEY_NOTIFY_BASE_URL)

    def send(self, message: Message) -> None:
        if message.channel == Channel.EMAIL:
            self.client.send_email_notification(
                email_address=message.to,
                template_id=settings.JOURNEY_NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": message.subject, "body": message.body},
                reference=message.reference or None,
            )
        else:
            self.client.send_sms_notification(
                phone_number=message.to,
                template_id=settings.JOURNEY_NOTIFY_SMS_TEMPLATE_ID,
                personalisation={"body": message.body},
                reference=message.reference or None,
            )


def message_sender() -> Sender:
    """The sender the settings name (a dotted path to a class made with no arguments)."""
    return import_string(settings.JOURNEY_MESSAGE_SENDER)()
