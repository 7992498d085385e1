from django import forms

from journey.chronology.models import EntryKind
from journey.chronology.selectors import ChronologyFilter
from journey.core.forms import GovukDateField, GovukForm


class ChronologyFilterForm(GovukForm):
    """The chronology's filters, read from the query string so a filtered view can be shared."""

    kind = forms.MultipleChoiceField(
        label="What happened",
        choices=EntryKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)
    worker = forms.TypedChoiceField(label="Recorded by", coerce=int, required=False, choices=[])
    agency = forms.TypedChoiceField(label="Agency", coerce=int, required=False, choices=[])
    significant = forms.BooleanField(label="Significant events only", required=False)
    order = forms.ChoiceField(
        label="Order",
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, data=None, *, workers=(), agencies=(), kinds=None, **kwargs):
        if data is not None and "order" not in data:
            data = data.copy()
            data["order"] = "newest"
        super().__init__(data, initial={"order": "newest"}, **kwargs)
        self.fields["worker"].choices = [("", "Anyone")] + list(workers)
        self.fields["agency"].choices = [("", "Any agency")] + list(agencies)
        if kinds is not None:  # only the kinds of entry this user may read
            self.fields["kind"].choices = [c for c in EntryKind.choices if c[0] in kinds]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The “to” date must be the same as or after the “from” date")
        return data

    def described(self) -> list[str]:
        """The filters in use, in words, for the page and the printed header."""
        chosen = self.to_filter()
        words = []
        if chosen.significant_only:
            words.append("significant events only")
        if chosen.kinds:
            words.append(", ".join(EntryKind(kind).label for kind in chosen.kinds))
        if chosen.date_from:
            words.append(f"from {chosen.date_from:%-d %B %Y}")
        if chosen.date_to:
            words.append(f"to {chosen.date_to:%-d %B %Y}")
        for name, value in (("worker", chosen.worker_id), ("agency", chosen.agency_id)):
            if value:
                label = dict(self.fields[name].choices).get(value, "")
                words.append(f"{self.fields[name].label.lower()} {label}")
        return words

    def to_filter(self) -> ChronologyFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return ChronologyFilter(
            kinds=tuple(data.get("kind") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            worker_id=data.get("worker") or None,
            agency_id=data.get("agency") or None,
            significant_only=bool(data.get("significant")),
            newest_first=data.get("order") != "oldest",
        )


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        error_messages={"required": "Enter the reason"},
    )
