"""The child's case file audits, drawn on the child's summary page without people importing
quality."""

from django import template

from journey.quality.selectors import (
    audit_tasks_count,
    audits_for_child,
    observation_tasks_count,
)

register = template.Library()


@register.inclusion_tag("quality/_child_audits.html", takes_context=True)
def child_audits(context, child) -> dict:
    return {"audits": audits_for_child(child, context["request"].user)}


@register.inclusion_tag("quality/_tasks_banner.html")
def audit_tasks_banner(worker) -> dict:
    """On My work: how many audit tasks, and observations of the worker's practice to reflect
    on, wait for them (nothing shown when there are none)."""
    if not worker:
        return {"count": 0, "observations": 0}
    return {"count": audit_tasks_count(worker), "observations": observation_tasks_count(worker)}
