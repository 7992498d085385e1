"""Defining an outcome tool: its name and licence, and a version's kind, range, who scores it,
the kinds of work that use it, its review interval and its scales.

The scales are typed in a fixed number of rows (no JavaScript needed), one row a scale with three
labelled boxes: its name, what its lowest score means and what its highest score means. Rows left
empty are ignored. Boxes rather than one line a scale with separators: nothing to get wrong in
the typing, and an error points at the box to fix ("Scale 3: enter what its highest score
means"). The service checks the rest, and with a row wrong the form shows the service's other
problems too, so everything to fix is listed at once.
"""

from __future__ import annotations

from django import forms

from journey.cases.models import EpisodeKind
from journey.core.forms import GovukForm
from journey.outcomes import services
from journey.outcomes.models import MOST_SCALES, ScoredBy, ToolKind, ToolVersion

SCALE_PARTS = ("name", "low", "high")


def _number(label: str, hint: str = "", lowest: int = -100, highest: int = 100):
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=False,
        min_value=lowest,
        max_value=highest,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be {lowest} or more",
            "max_value": f"{label} must be {highest} or less",
        },
    )


def _words(n: int, label: str, what: str, longest: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=longest,
        required=False,
        error_messages={
            "max_length": f"Scale {n}: {what} must be {longest} characters or fewer",
        },
    )


class VersionForm(GovukForm):
    """A version's definition. The service says what is missing, so nothing here is required."""

    kind = forms.ChoiceField(
        label="What is scored",
        choices=ToolKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    lowest = _number("Lowest score", "For example, 0")
    highest = _number("Highest score", "For example, 10")
    scored_by = forms.MultipleChoiceField(
        label="Who scores it",
        choices=ScoredBy.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all who may score it. Each measure records which of them did.",
    )
    kinds_of_work = forms.MultipleChoiceField(
        label="Kinds of work that use it",
        choices=EpisodeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Workers are offered the tool for these kinds of work only",
    )
    review_every_days = _number(
        "Days between measures",
        "A review measure is due this many days after the last one: from 7 to 366. 91 days is "
        "about three months.",
        lowest=7,
        highest=366,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, MOST_SCALES + 1):
            self.fields[f"scale_{n}_name"] = _words(n, "Name", "its name", 100)
            self.fields[f"scale_{n}_low"] = _words(
                n, "What its lowest score means", "what its lowest score means", 200
            )
            self.fields[f"scale_{n}_high"] = _words(
                n, "What its highest score means", "what its highest score means", 200
            )
            # The scale of the version before that this row carries on (when changing a draft).
            self.fields[f"scale_{n}_key"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )

    @staticmethod
    def initial_for(version: ToolVersion) -> dict:
        initial: dict = {
            "kind": version.kind,
            "lowest": version.lowest,
            "highest": version.highest,
            "scored_by": list(version.scored_by),
            "kinds_of_work": list(version.kinds_of_work),
            "review_every_days": version.review_every_days,
        }
        for n, scale in enumerate(version.scales.all(), start=1):
            initial |= {
                f"scale_{n}_name": scale.name,
                f"scale_{n}_low": scale.low_words,
                f"scale_{n}_high": scale.high_words,
                f"scale_{n}_key": scale.key,
            }
        return initial

    def scale_rows(self):
        return [
            (n, *(self[f"scale_{n}_{part}"] for part in (*SCALE_PARTS, "key")))
            for n in range(1, MOST_SCALES + 1)
        ]

    def _typed(self, n: int) -> dict[str, str]:
        return {
            part: (self.cleaned_data.get(f"scale_{n}_{part}") or "").strip() for part in SCALE_PARTS
        }

    def clean(self):
        data = super().clean()
        names: dict[str, int] = {}
        for n in range(1, MOST_SCALES + 1):
            typed = self._typed(n)
            if not any(typed.values()):
                continue
            if not typed["name"]:
                self.add_error(f"scale_{n}_name", f"Scale {n}: enter its name")
            if not typed["low"]:
                self.add_error(f"scale_{n}_low", f"Scale {n}: enter what its lowest score means")
            if not typed["high"]:
                self.add_error(f"scale_{n}_high", f"Scale {n}: enter what its highest score means")
            name = " ".join(typed["name"].split()).casefold()
            if name and name in names:
                self.add_error(
                    f"scale_{n}_name",
                    f"Scale {n}: scale {names[name]} has this name already: give each scale its "
                    "own name",
                )
            names.setdefault(name, n)
        if self.errors:
            self._add_service_problems(services.version_problems(self.version_input()))
        return data

    def add_error(self, field, error) -> None:
        """Errors listed in the order of the page's fields, wherever they were found."""
        super().add_error(field, error)
        order = ["__all__", *self.fields]
        self._errors = type(self._errors)(
            (name, self._errors[name]) for name in order if name in self._errors
        )

    def _add_service_problems(self, problems: dict[str, str]) -> None:
        """With a scale wrong, what else is wrong (the scales themselves are checked above)."""
        for name, message in problems.items():
            if name != "scales" and name in self.fields and name not in self.errors:
                self.add_error(name, message)

    def service_fields(self) -> dict[str, str]:
        """The service names the scales as a whole; the form shows that at the first row."""
        return {"scales": "scale_1_name"}

    def version_input(self) -> services.VersionInput:
        data = self.cleaned_data
        scales = [
            services.ScaleInput(
                typed["name"], typed["low"], typed["high"], data.get(f"scale_{n}_key") or ""
            )
            for n in range(1, MOST_SCALES + 1)
            if any((typed := self._typed(n)).values())
        ]
        days = data.get("review_every_days")
        return services.VersionInput(
            kind=data.get("kind") or "",
            lowest=data.get("lowest"),
            highest=data.get("highest"),
            scored_by=list(data.get("scored_by") or []),
            kinds_of_work=list(data.get("kinds_of_work") or []),
            scales=scales,
            review_every_days=days if days is not None else 0,
        )


class ToolForm(VersionForm):
    """A new tool and its first version."""

    name = forms.CharField(
        label="Name of the tool",
        max_length=services.NAME_LENGTH,
        required=False,
        help_text="As workers and families will know it, for example Family Star Plus",
    )
    description = forms.CharField(
        label="What it is for (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to workers choosing a tool: what it measures and how it is scored",
    )
    licence = forms.CharField(
        label="Licence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who owns the tool and on what terms the council uses it, for example the "
        "licence number and when it ends. A licensed tool is the council's to configure.",
    )
    field_order = ["name", "description", "licence"]

    def clean(self):
        data = super().clean()
        if self.errors and "name" not in self.errors:
            problems = services.tool_problems(
                services.ToolInput(data.get("name") or "", "", "", self.version_input())
            )
            if "name" in problems:
                self.add_error("name", problems["name"])
        return data

    def to_input(self) -> services.ToolInput:
        data = self.cleaned_data
        return services.ToolInput(
            name=data.get("name") or "",
            description=data.get("description") or "",
            licence=data.get("licence") or "",
            version=self.version_input(),
        )


class RetireForm(GovukForm):
    reason = forms.CharField(
        label="Why is the tool retired?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the council's licence ended and the Journey family wheel "
        "replaces it",
    )
