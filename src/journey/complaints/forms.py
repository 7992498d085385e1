"""The complaints officer's and responders' forms: each parses, the service decides."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from journey.complaints import services
from journey.complaints.models import (
    ComplainantType,
    Complaint,
    Compliment,
    Element,
    Outcome,
    Procedure,
    Route,
    Theme,
)
from journey.complaints.stages import services as stages
from journey.core.forms import GovukDateField, GovukForm
from journey.people.models import Person
from journey.workforce.models import MANAGER_ROLES, Team, Worker

#: How many elements the recording form offers (a complaint rarely has more; add them later).
ELEMENT_ROWS = 6
YES_NO = [("yes", "Yes"), ("no", "No")]


def _themes():
    return Theme.objects.filter(is_active=True)


def _text(label: str, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False, **kwargs
    )


class ComplaintForm(GovukForm):
    kind = forms.ChoiceField(
        label="Is it a complaint or a representation?",
        choices=Complaint.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    received_on = GovukDateField(label="Date received", help_text="For example, 27 3 2026")
    route = forms.ChoiceField(
        label="How it came in", choices=[("", "Select how"), *Route.choices], required=False
    )
    complainant_name = forms.CharField(label="Complainant's name", max_length=150, required=False)
    complainant_type = forms.ChoiceField(
        label="Who is complaining",
        choices=ComplainantType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    complainant_relationship = forms.CharField(
        label="Their relationship to the child",
        max_length=100,
        required=False,
        help_text="For example, mother, foster carer, grandfather, advocate",
    )
    complainant_contact = forms.CharField(
        label="How to reply", max_length=300, required=False, help_text="Address, email or phone"
    )
    children = forms.CharField(
        label="The children it is about: their IDs",
        required=False,
        help_text="Separate IDs with commas. Find a child's ID with the search above.",
    )
    team = forms.ModelChoiceField(
        label="The team whose work it is about",
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="Select the team",
    )
    outcome_wanted = _text("What the complainant wants to happen")
    advocate_offered = forms.BooleanField(label="An advocate was offered", required=False)
    advocate_taken_up = forms.BooleanField(label="The advocate offer was taken up", required=False)
    procedure = forms.ChoiceField(
        label="Which procedure",
        choices=Procedure.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    procedure_reason = _text(
        "Why this procedure", rows=2, help_text="Required for the corporate procedure"
    )
    matter_arose_on = GovukDateField(
        label="When the matter arose (if known)", required=False, help_text="For example, 3 1 2026"
    )
    late_decision = forms.ChoiceField(
        label="If it arose more than a year before: will the council consider it?",
        choices=[("", "Not a late complaint"), *Complaint.LateDecision.choices],
        required=False,
    )
    late_reason = _text("The reason for that decision", rows=2)
    elements = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responders"] = _responder_field()
        for n in range(1, ELEMENT_ROWS + 1):
            self.fields[f"element_{n}"] = _text(f"Element {n}: what it is about", rows=2)
            self.fields[f"theme_{n}"] = forms.ModelChoiceField(
                label=f"Element {n}: theme",
                queryset=_themes(),
                required=False,
                empty_label="Select the theme",
            )

    def element_rows(self):
        return [(self[f"element_{n}"], self[f"theme_{n}"]) for n in range(1, ELEMENT_ROWS + 1)]

    def clean_children(self) -> list[Person]:
        raw = self.cleaned_data.get("children") or ""
        ids = [part for part in raw.replace(",", " ").split() if part]
        if any(not part.isdigit() for part in ids):
            raise forms.ValidationError("Enter children's IDs as numbers, separated by commas")
        wanted = [int(part) for part in ids]
        found = {p.pk: p for p in Person.objects.children().filter(pk__in=wanted)}
        missing = [str(i) for i in wanted if i not in found]
        if missing:
            raise forms.ValidationError(f"No child has the ID {', '.join(missing)}")
        return [found[i] for i in wanted]

    def to_input(self) -> services.ComplaintInput:
        data = self.cleaned_data
        elements = [
            services.ElementInput(data[f"element_{n}"], data[f"theme_{n}"])
            for n in range(1, ELEMENT_ROWS + 1)
            if (data.get(f"element_{n}") or "").strip() or data.get(f"theme_{n}")
        ]
        return services.ComplaintInput(
            kind=data["kind"],
            procedure=data["procedure"],
            procedure_reason=data["procedure_reason"],
            received_on=data["received_on"],
            route=data["route"],
            complainant_name=data["complainant_name"],
            complainant_type=data["complainant_type"],
            complainant_relationship=data["complainant_relationship"],
            complainant_contact=data["complainant_contact"],
            children=data["children"],
            team=data["team"],
            responders=list(data["responders"]),
            outcome_wanted=data["outcome_wanted"],
            elements=elements,
            advocate_offered=data["advocate_offered"],
            advocate_taken_up=data["advocate_taken_up"],
            matter_arose_on=data["matter_arose_on"],
            late_decision=data["late_decision"],
            late_reason=data["late_reason"],
        )


def _responder_field() -> forms.ModelMultipleChoiceField:
    field = forms.ModelMultipleChoiceField(
        label="Managers named to respond",
        queryset=Worker.objects.filter(role__in=MANAGER_ROLES, is_active=True)
        .select_related("user", "team")
        .order_by("user__last_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They see what they must answer: the elements and their stage",
    )
    field.label_from_instance = lambda w: f"{w} ({w.get_role_display()})"
    return field


class RespondersForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responders"] = _responder_field()

    def to_input(self) -> list[Worker]:
        return list(self.cleaned_data["responders"])


class ElementsForm(GovukForm):
    """Each element's words and theme, and one new element; none can be removed. The themes
    are read once, however many elements there are."""

    def __init__(self, *args, elements: list[Element], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        used = {e.theme_id for e in elements}
        self.themes = {t.pk: t for t in Theme.objects.filter(Q(is_active=True) | Q(pk__in=used))}
        for element in elements:
            n = element.number
            self.fields[f"summary_{n}"] = _text(f"Element {n}: what it is about", rows=2)
            self.fields[f"theme_{n}"] = self._theme_field(f"Element {n}: theme", element.theme_id)
            self.initial.setdefault(f"summary_{n}", element.summary)
            self.initial.setdefault(f"theme_{n}", element.theme_id)
        self.fields["new_summary"] = _text(
            "A new element: what it is about",
            rows=2,
            help_text="Leave blank unless the complainant has raised something more",
        )
        self.fields["new_theme"] = self._theme_field("A new element: theme")

    def _theme_field(self, label: str, current: int | None = None) -> forms.TypedChoiceField:
        offered = [t for t in self.themes.values() if t.is_active or t.pk == current]
        return forms.TypedChoiceField(
            label=label,
            choices=[("", "Select the theme"), *((t.pk, t.name) for t in offered)],
            coerce=int,
            empty_value=None,
            required=False,
        )

    def _theme(self, name: str) -> Theme | None:
        return self.themes.get(self.cleaned_data.get(name))  # type: ignore[arg-type]

    def to_input(self) -> services.ElementsInput:
        data = self.cleaned_data
        added = None
        if (data.get("new_summary") or "").strip() or data.get("new_theme"):
            added = services.ElementInput(data["new_summary"], self._theme("new_theme"))
        changes = [
            services.ElementChange(e, data[f"summary_{e.number}"], self._theme(f"theme_{e.number}"))
            for e in self.elements
        ]
        return services.ElementsInput(changes, added)


class ExtensionForm(GovukForm):
    extend_to = GovukDateField(label="New deadline", help_text="For example, 27 3 2026")
    reason = _text("Why it needs longer")
    agreed_on = GovukDateField(
        label="Date the extension was agreed",
        help_text="On or before the deadline it extends. For example, 20 3 2026",
    )

    def to_input(self) -> stages.ExtensionInput:
        data = self.cleaned_data
        return stages.ExtensionInput(data["extend_to"], data["reason"], data["agreed_on"])


class ResponseForm(GovukForm):
    responded_on = GovukDateField(label="Date of the response", help_text="For example, 27 3 2026")
    letter = _text("The response letter", rows=16, help_text="Drafted from the template: edit it")

    def __init__(self, *args, elements: list[Element], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            n = element.number
            self.fields[f"outcome_{n}"] = forms.ChoiceField(
                label=f"Element {n}: outcome",
                choices=Outcome.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"reason_{n}"] = _text(f"Element {n}: reason (if not investigated)", rows=2)

    def element_rows(self):
        return [(e, self[f"outcome_{e.number}"], self[f"reason_{e.number}"]) for e in self.elements]

    def to_input(self) -> stages.ResponseInput:
        data = self.cleaned_data
        return stages.ResponseInput(
            responded_on=data["responded_on"],
            findings=[
                stages.FindingInput(e, data[f"outcome_{e.number}"], data[f"reason_{e.number}"])
                for e in self.elements
                if data.get(f"outcome_{e.number}")
            ],
            letter=data["letter"],
        )


class NextStageForm(GovukForm):
    asked_on = GovukDateField(label="Date the complainant asked", help_text="For example, 3 4 2026")
    accepted_late_reason = _text("If asked after the 20 working days: why it is accepted", rows=2)

    def to_input(self) -> stages.NextStageInput:
        return stages.NextStageInput(
            self.cleaned_data["asked_on"], self.cleaned_data["accepted_late_reason"]
        )


class InvestigationForm(GovukForm):
    investigating_officer = forms.CharField(
        label="Investigating officer", max_length=150, required=False
    )
    independent_person = forms.CharField(label="Independent person", max_length=150, required=False)
    appointed_on = GovukDateField(label="Date appointed", help_text="For example, 3 4 2026")
    record_agreed_on = GovukDateField(
        label="Date the written record of the complaint was agreed with the complainant",
        required=False,
        help_text="Leave blank until it is agreed",
    )

    def to_input(self) -> stages.InvestigationInput:
        data = self.cleaned_data
        return stages.InvestigationInput(
            data["investigating_officer"],
            data["independent_person"],
            data["appointed_on"],
            data["record_agreed_on"],
        )


class PanelForm(GovukForm):
    member_1 = forms.CharField(label="Panel member 1 (chair)", max_length=150, required=False)
    member_2 = forms.CharField(label="Panel member 2", max_length=150, required=False)
    member_3 = forms.CharField(label="Panel member 3", max_length=150, required=False)
    panel_on = GovukDateField(label="Date the panel was held", required=False)
    panel_report_on = GovukDateField(label="Date of the panel's report", required=False)
    members = forms.CharField(required=False, widget=forms.HiddenInput)

    def to_input(self) -> stages.PanelInput:
        data = self.cleaned_data
        return stages.PanelInput(
            [data["member_1"], data["member_2"], data["member_3"]],
            data["panel_on"],
            data["panel_report_on"],
        )


class OmbudsmanForm(GovukForm):
    reference = forms.CharField(label="Ombudsman's reference", max_length=50, required=False)
    received_on = GovukDateField(label="Date the enquiry was received")
    decided_on = GovukDateField(label="Date of the decision", required=False)
    decision = forms.CharField(label="Decision", max_length=200, required=False)
    remedy = _text("Remedy asked for, if any", rows=2)

    def to_input(self) -> stages.OmbudsmanInput:
        data = self.cleaned_data
        return stages.OmbudsmanInput(
            received_on=data["received_on"],
            reference=data["reference"],
            decided_on=data["decided_on"],
            decision=data["decision"],
            remedy=data["remedy"],
        )


class LearningForm(GovukForm):
    learning = _text(
        "What the complaint taught",
        help_text="Shared with the improvement plan if you add it there: name no child and "
        "no complainant",
    )
    action = _text("The action agreed", rows=2)
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=Worker.objects.filter(is_active=True)
        .select_related("user")
        .order_by("user__last_name"),
        required=False,
        empty_label="Select the owner",
    )
    due_on = GovukDateField(label="Due date", help_text="For example, 30 6 2027")
    plan_area = forms.TypedChoiceField(
        label="Also add it to an improvement plan",
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.pk: area for area in areas}
        self.fields["plan_area"].choices = [("", "Not in a plan")] + [
            (area.pk, f"{area.plan.title}: {area}") for area in areas
        ]

    def to_input(self) -> services.LearningInput:
        data = self.cleaned_data
        return services.LearningInput(
            learning=data["learning"],
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
            plan_area=self.areas.get(data["plan_area"]) if data["plan_area"] else None,
        )


class DoneForm(GovukForm):
    done_on = GovukDateField(label="Date done")
    evidence = _text("Evidence it was done", rows=2)


class CloseForm(GovukForm):
    closed_on = GovukDateField(label="Date closed")


class ComplimentForm(GovukForm):
    kind = forms.ChoiceField(
        label="Compliment or comment",
        choices=Compliment.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    received_on = GovukDateField(label="Date received", help_text="For example, 27 3 2026")
    from_type = forms.ChoiceField(
        label="Who it is from",
        choices=ComplainantType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    from_name = forms.CharField(label="Their name (optional)", max_length=150, required=False)
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="Select the team",
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=_themes(), required=False, empty_label="Select the theme"
    )
    summary = _text("What was said")

    def to_input(self) -> services.ComplimentInput:
        data = self.cleaned_data
        return services.ComplimentInput(
            kind=data["kind"],
            received_on=data["received_on"],
            from_type=data["from_type"],
            from_name=data["from_name"],
            team=data["team"],
            theme=data["theme"],
            summary=data["summary"],
        )


class ListFilterForm(forms.Form):
    stage = forms.TypedChoiceField(
        label="Stage",
        choices=[("", "All stages"), (1, "Stage 1"), (2, "Stage 2"), (3, "Stage 3")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    team = forms.IntegerField(label="Team", required=False)

    def filters(self):
        from journey.complaints.selectors import ListFilters

        if not self.is_valid():
            return ListFilters()
        data = self.cleaned_data
        return ListFilters(stage=data["stage"], overdue=data["overdue"], team_id=data["team"])
