"""The consistent identifier on every child record (the header) and in search results."""

from __future__ import annotations

from django import template

from journey.access.rules import may_check_identifier, may_review_duplicates
from journey.core.identifiers import format_nhs_number
from journey.people.identifier.selectors import IdentifierStatus, identifier_status, other_records

register = template.Library()


@register.inclusion_tag("people/identifier/_header.html", takes_context=True)
def consistent_identifier(context, child) -> dict:
    """The child's identifier and its match status, and a warning naming the other records
    (that this user may see) with the same identifier. Two queries."""
    user = context["request"].user
    return {
        "child": child,
        "status": identifier_status(child),
        "others": other_records(child, user),
        "may_check": may_check_identifier(user),
        "may_review": may_review_duplicates(user),
    }


@register.filter
def identifier_of(child) -> IdentifierStatus:
    """For a list of children whose checks were prefetched (selectors.with_checks)."""
    return identifier_status(child)


@register.filter
def nhs_number(value: str) -> str:
    """ "999 123 4567"."""
    return format_nhs_number(value or "")
