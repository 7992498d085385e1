"""Form pieces shared by every screen: the GOV.UK date input, and service errors on forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from journey.core.views_of_child import ChildViews, ViewsInput, ViewsMethod


class GovukDateWidget(forms.MultiWidget):
    """Rendered by the govuk_field tag as the GOV.UK date input (day, month, year)."""

    def __init__(self, attrs=None):
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """Day, month and year boxes (the GOV.UK date input pattern), cleaned to a date."""

    widget = GovukDateWidget

    def __init__(self, *args, **kwargs):
        # The boxes are not required one by one: a part-filled date reaches `compress`, which
        # names the missing part, on optional fields as on required ones.
        fields = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(fields, *args, require_all_fields=False, **kwargs)
        self.error_messages["incomplete"] = f"{self.label} must include a day, month and year"

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            name
            for name, part in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{self.label} must be a real date, like 27 3 2019")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"{self.label} must be a real date") from exc


class GovukTimeField(forms.Field):
    """A time of day typed on the 24-hour clock ("14:30", "9:05"), cleaned to a time."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "24-hour clock, for example 14:30")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = str(value or "").strip().replace(".", ":")
        if not text:
            return None
        hours, _, minutes = text.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValidationError(f"{self.label} must be a time like 14:30")
        return dt.time(int(hours), int(minutes))

    def prepare_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value


def add_service_errors(
    form: forms.Form, error: ValidationError, fields: dict[str, str] | None = None
) -> None:
    """Attach a service's ValidationError to the form: field errors by name, the rest at the top.

    `fields` maps a service's argument names to the form's field names where they differ.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (fields or {}).get(field, field)
        target = field if field in form.fields else None
        for item in errors:
            form.add_error(target, item)


class GovukForm(forms.Form):
    """A form whose "required" messages say what to do, naming the field (GOV.UK style)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if field.error_messages.get("required") != default:
                continue  # the field says its own message
            label = (field.label or "").lower()
            verb = (
                "Select"
                if isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
                else "Enter"
            )
            field.error_messages["required"] = f"{verb} the {label}"


# --- repeated rows (attendees, actions) ---------------------------------------------------


class RowForm(GovukForm):
    """One row of a repeated group (an attendee, an action). Its errors say which row they are
    about ("Action 2: enter the due date"), in the error summary and beside the field alike."""

    row_name = "Row"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        index = (self.prefix or "-0").rsplit("-", 1)[-1]
        self.row = int(index) + 1 if index.isdigit() else 1

    @property
    def row_label(self) -> str:
        return f"{self.row_name} {self.row}"

    def labelled(self, message: str) -> str:
        if message.startswith(f"{self.row_label}:"):
            return message
        return f"{self.row_label}: {message[:1].lower()}{message[1:]}"

    def full_clean(self) -> None:
        """Errors from clean() come after the fields'; list them all in field order."""
        super().full_clean()
        if self._errors:
            self._errors = type(self._errors)(
                (name, self._errors[name])
                for name in ("__all__", *self.fields)
                if name in self._errors
            )

    def add_error(self, field, error) -> None:
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(None if name == "__all__" else name, ValidationError(errors))
            return
        super().add_error(field, ValidationError([self.labelled(m) for m in error.messages]))


def filled_rows(formset) -> list[RowForm]:
    """The rows someone typed in; untouched rows are ignored."""
    return [form for form in formset.forms if form.has_changed()]


# --- the child's views and the parents' or carers' views (R8) ------------------------------


class ChildViewsFields(forms.Form):
    """The fieldsets "The child's views" and "The parents' or carers' views", for any record's
    form: mix it in and include "includes/child_views.html". The service checks the rule."""

    child_views = forms.CharField(
        label="The child's views, in their own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What they said, drew or showed, as they said it",
    )
    child_views_method = forms.ChoiceField(
        label="How the child's views were obtained",
        choices=ViewsMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    child_views_not_obtained = forms.CharField(
        label="Why the child's views were not obtained",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example, a baby; the child did not want to take part this time",
    )
    parent_views = forms.CharField(
        label="The parents' or carers' views",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="In their words if you can, saying whose views they are",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The views (and any `benefit_` fieldset) come last, as on the page and in the summary.
        for name in list(self.fields):
            if name in ChildViewsFields.base_fields or name.startswith("benefit_"):
                self.fields[name] = self.fields.pop(name)

    def views_input(self) -> ViewsInput:
        data = self.cleaned_data
        return ViewsInput(
            child_views=data.get("child_views", ""),
            child_views_method=data.get("child_views_method", ""),
            child_views_not_obtained=data.get("child_views_not_obtained", ""),
            parent_views=data.get("parent_views", ""),
        )

    def record_data(self) -> dict:
        """The cleaned data without the views (and any `benefit_` fieldset): the record's own."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ChildViewsFields.base_fields and not name.startswith("benefit_")
        }

    @staticmethod
    def initial_views(record: ChildViews) -> dict[str, str]:
        return {
            "child_views": record.child_views,
            "child_views_method": record.child_views_method,
            "child_views_not_obtained": record.child_views_not_obtained,
            "parent_views": record.parent_views,
        }
