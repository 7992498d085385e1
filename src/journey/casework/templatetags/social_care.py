"""The social care status line on the child's summary card, derived from the open records."""

from __future__ import annotations

from django import template
from django.utils import timezone

from journey.casework.statutory.selectors import StatusLine, social_care_status

register = template.Library()


@register.simple_tag
def social_care_status_of(episode) -> list[StatusLine]:
    return social_care_status(episode, timezone.localdate())
