"""Where the dashboard counts: the whole council, a service, or one team."""

from __future__ import annotations

from django import forms

from journey.core.forms import GovukForm
from journey.workforce.models import Service, Worker


def where_choices() -> list:
    services = list(Service.objects.prefetch_related("teams").order_by("name"))
    groups: list = [("", "Whole council")]
    for service in services:
        teams = [(f"t{t.pk}", t.name) for t in service.teams.all() if t.is_active]
        groups.append((service.name, [(f"s{service.pk}", f"All of {service.name}"), *teams]))
    return groups


def default_where(worker: Worker | None) -> str:
    """A head of service starts with their service, a team manager with their team."""
    if worker is None:
        return ""
    if worker.role == "head_of_service" and worker.service_id:
        return f"s{worker.service_id}"
    if worker.role == "team_manager" and worker.team_id:
        return f"t{worker.team_id}"
    return ""


class WhereForm(GovukForm):
    where = forms.ChoiceField(label="Show the figures for", required=False)

    def __init__(self, data=None, *, worker: Worker | None = None):
        self.default = default_where(worker)
        super().__init__(data, initial={"where": self.default})
        self.fields["where"].choices = where_choices()

    def team_and_service(self) -> tuple[int | None, int | None]:
        """Unasked, the worker's own service or team; an unknown choice, the whole council."""
        where = self.default
        if self.is_bound:
            where = self.cleaned_data.get("where", "") if self.is_valid() else ""
        if where.startswith("t") and where[1:].isdigit():
            return int(where[1:]), None
        if where.startswith("s") and where[1:].isdigit():
            return None, int(where[1:])
        return None, None
