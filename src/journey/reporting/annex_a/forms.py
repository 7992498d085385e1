"""The Annex A page's period: two GOV.UK date inputs, defaulting to the six months to today."""

from __future__ import annotations

import datetime as dt

from journey.core.forms import GovukDateField, GovukForm
from journey.reporting.annex_a.lists import Period


class PeriodForm(GovukForm):
    start = GovukDateField(
        label="First day of the period", required=False, help_text="For example, 1 5 2026"
    )
    end = GovukDateField(label="Last day of the period", required=False)

    def __init__(self, data, *, today: dt.date) -> None:
        self.today = today
        self.default = Period.last_six_months(today)
        chosen = any(key.startswith(("start_", "end_")) for key in data)
        super().__init__(data if chosen else None, initial=self._initial())

    def _initial(self) -> dict[str, dt.date]:
        return {"start": self.default.start, "end": self.default.end}

    def clean(self) -> dict:
        cleaned = super().clean()
        start = cleaned.get("start") or self.default.start
        end = cleaned.get("end") or self.today
        if end > self.today:
            self.add_error("end", "The last day of the period must be today or in the past")
        elif start > end:
            self.add_error("start", "The first day of the period must be on or before the last")
        return cleaned

    @property
    def period(self) -> Period:
        """The chosen period; the default while nothing valid is chosen."""
        if not self.is_bound or not self.is_valid():
            return self.default
        data = self.cleaned_data
        return Period(data.get("start") or self.default.start, data.get("end") or self.today)

    def params(self) -> dict[str, int]:
        period = self.period
        return {
            **_date_params("start", period.start),
            **_date_params("end", period.end),
        }


def _date_params(name: str, day: dt.date) -> dict[str, int]:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}
