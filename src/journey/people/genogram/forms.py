"""What a worker types to grow a child's family network: a new relative, a relationship between
two people already in it, an informal support, and the day a support ended."""

from __future__ import annotations

from django import forms

from journey.core import codes
from journey.core.forms import GovukDateField, GovukForm
from journey.people.genogram.services import RelationshipDetails, RelativeDetails, SupportDetails
from journey.people.models import InformalSupport, Person, Relationship

KINDS = [("", "Select how they are related"), *Relationship.Kind.choices]
PARTNERSHIP = [("", "Not partners"), *Relationship.Partnership.choices]


class ArrangementsForm(GovukForm):
    """How a relationship stands: its dates, parental responsibility and any contact restriction."""

    has_parental_responsibility = forms.BooleanField(
        label="Has parental responsibility for the child", required=False
    )
    contact = forms.ChoiceField(
        label="Contact with the child",
        choices=Relationship.Contact.choices,
        widget=forms.RadioSelect,
        initial=Relationship.Contact.NONE,
    )
    contact_note = forms.CharField(
        label="About the contact arrangement (if restricted)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    started_on = GovukDateField(label="When the relationship started (optional)", required=False)
    ended_on = GovukDateField(label="When it ended (optional)", required=False)

    def relationship(self, from_person: Person | None, to_person: Person | None, kind: str):
        data = self.cleaned_data
        return RelationshipDetails(
            from_person=from_person,
            to_person=to_person,
            kind=kind,
            started_on=data.get("started_on"),
            ended_on=data.get("ended_on"),
            has_parental_responsibility=data.get("has_parental_responsibility", False),
            contact=data.get("contact") or Relationship.Contact.NONE,
            contact_note=data.get("contact_note", ""),
            partnership=data.get("partnership", ""),
        )


class RelativeForm(ArrangementsForm):
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    sex = forms.ChoiceField(
        label="Sex", choices=codes.Sex.choices, widget=forms.RadioSelect, initial="U"
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    date_of_death = GovukDateField(label="Date of death (if they have died)", required=False)
    kind = forms.ChoiceField(
        label="How are they related to the child?",
        choices=KINDS,
        error_messages={"required": "Select how they are related to the child"},
    )
    lives_with_child = forms.BooleanField(label="Lives with the child", required=False)

    field_order = [
        "first_name",
        "last_name",
        "sex",
        "date_of_birth",
        "date_of_death",
        "kind",
        "has_parental_responsibility",
        "contact",
        "contact_note",
        "lives_with_child",
        "started_on",
        "ended_on",
    ]

    def relative(self) -> RelativeDetails:
        data = self.cleaned_data
        return RelativeDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            sex=data["sex"],
            date_of_birth=data["date_of_birth"],
            date_of_death=data["date_of_death"],
            lives_with_child=data["lives_with_child"],
        )


class RelationshipForm(ArrangementsForm):
    """ "<from_person> is the <kind> of <to_person>", both from the people in the network."""

    from_person = forms.TypedChoiceField(label="Person", coerce=int)
    kind = forms.ChoiceField(label="Is the", choices=KINDS)
    to_person = forms.TypedChoiceField(label="Of", coerce=int)
    partnership = forms.ChoiceField(
        label="If they are partners: together, separated or divorced?",
        choices=PARTNERSHIP,
        required=False,
    )

    field_order = [
        "from_person",
        "kind",
        "to_person",
        "has_parental_responsibility",
        "contact",
        "contact_note",
        "partnership",
        "started_on",
        "ended_on",
    ]

    def __init__(self, *args, people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        choices = [("", "Select a person"), *((p.pk, p.full_name) for p in people)]
        self.fields["from_person"].choices = choices
        self.fields["to_person"].choices = choices
        self.fields["from_person"].error_messages["required"] = "Select the person"
        self.fields["to_person"].error_messages["required"] = "Select who they are related to"
        self.fields["kind"].error_messages["required"] = "Select how they are related"

    def details(self) -> RelationshipDetails:
        data = self.cleaned_data
        return self.relationship(
            self.people.get(data["from_person"]), self.people.get(data["to_person"]), data["kind"]
        )


class SupportForm(GovukForm):
    name = forms.CharField(
        label="Who or what",
        max_length=150,
        required=False,
        help_text="For example Nan (Joan Smith), St Mary's church, Riverside football club",
    )
    kind = forms.ChoiceField(
        label="What kind of support",
        choices=InformalSupport.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    strength = forms.ChoiceField(
        label="How strong is the connection?",
        choices=InformalSupport.Strength.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label="What they do for the child (or what makes it stressful)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def details(self) -> SupportDetails:
        data = self.cleaned_data
        return SupportDetails(
            name=data["name"], kind=data["kind"], strength=data["strength"], note=data["note"]
        )


class EndSupportForm(GovukForm):
    ended_on = GovukDateField(
        label="No longer a support from", required=False, help_text="Leave empty for today"
    )
