"""Form pieces shared by every screen: the GOV.UK date input, and service errors on forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError


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
