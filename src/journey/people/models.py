"""People: children and the adults around them, households, agencies and professionals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from journey.core import codes
from journey.core.phonetic import name_key


class NameKeys(models.Model):
    """Sound-alike keys of first_name and last_name, so search finds misspelt names (R1).

    Kept in step by save(); code that writes rows without save() (the demo generator's bulk
    path) calls set_name_keys() itself.
    """

    first_name_key = models.CharField(max_length=100, blank=True, editable=False)
    last_name_key = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.set_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "first_name_key", "last_name_key"}
        super().save(*args, **kwargs)

    def set_name_keys(self) -> None:
        self.first_name_key = name_key(self.first_name)
        self.last_name_key = name_key(self.last_name)


class PersonQuerySet(models.QuerySet):
    def children(self) -> PersonQuerySet:
        return self.filter(is_child=True)

    def named(self, first_name: str, last_name: str) -> PersonQuerySet:
        return self.filter(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip()
        )


class Person(NameKeys):
    """A child or an adult known to the service. Children have a journey; adults appear in it."""

    local_id = models.CharField("Local ID", max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    is_child = models.BooleanField(default=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=codes.Sex.choices, default="U")
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, choices=codes.Ethnicity.choices, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    upn_unknown = models.CharField(
        "Reason UPN is unknown", max_length=4, choices=codes.UPNUnknown.choices, blank=True
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    address_area = models.CharField(
        max_length=100, blank=True, help_text="Town or area, to tell similar children apart"
    )
    postcode = models.CharField(max_length=10, blank=True)
    #: How the council may reach the person themselves (a young person or a parent or carer):
    #: a secure link to give their views goes by e-mail or text message (journey.voice.links).
    email = models.EmailField("Email address", max_length=254, blank=True)
    mobile = models.CharField(
        "UK mobile number", max_length=13, blank=True, help_text="Kept as 07 and 9 digits"
    )
    is_restricted = models.BooleanField(
        "Restricted record",
        default=False,
        help_text="Hidden from everyone without an explicit grant "
        "(for example a staff member's child)",
    )
    restriction_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["first_name_key"]),
            models.Index(fields=["last_name_key"]),
            models.Index(fields=["former_upn"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(date_of_birth__isnull=False, expected_date_of_birth__isnull=False),
                name="person_born_or_expected",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PersonName(NameKeys):
    """A former name or alias: search finds a child by any name they have been known by."""

    class Kind(models.TextChoices):
        FORMER = "former", "Former name"
        ALIAS = "alias", "Also known as"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="other_names")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FORMER)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    used_until = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["first_name_key"]),
            models.Index(fields=["last_name_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disabilities")
    code = models.CharField(max_length=4, choices=codes.Disability.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="unique_person_disability")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Relationship(models.Model):
    """How one person relates to another, read as "<from_person> is <kind> of <to_person>"."""

    class Kind(models.TextChoices):
        PARENT = "parent", "Parent"
        STEP_PARENT = "step_parent", "Step-parent"
        CARER = "carer", "Carer"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half_sibling", "Half-sibling"
        GRANDPARENT = "grandparent", "Grandparent"
        OTHER_RELATIVE = "relative", "Other relative"
        PARTNER = "partner", "Partner"

    INVERSE = {
        Kind.PARENT: "Child",
        Kind.STEP_PARENT: "Step-child",
        Kind.CARER: "Cared for",
        Kind.SIBLING: "Sibling",
        Kind.HALF_SIBLING: "Half-sibling",
        Kind.GRANDPARENT: "Grandchild",
        Kind.OTHER_RELATIVE: "Other relative",
        Kind.PARTNER: "Partner",
    }

    class Contact(models.TextChoices):
        NONE = "none", "No restriction"
        SUPERVISED = "supervised", "Supervised contact only"
        NO_CONTACT = "no_contact", "No contact"

    class Partnership(models.TextChoices):
        TOGETHER = "together", "Together"
        SEPARATED = "separated", "Separated"
        DIVORCED = "divorced", "Divorced or dissolved"

    #: The kinds that may hold parental responsibility for the other person.
    PARENTAL_KINDS = (Kind.PARENT, Kind.STEP_PARENT, Kind.CARER)

    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="relationships_from"
    )
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    has_parental_responsibility = models.BooleanField("Has parental responsibility", default=False)
    contact = models.CharField(
        "Contact with the child", max_length=12, choices=Contact.choices, default=Contact.NONE
    )
    contact_note = models.TextField(
        "About the contact arrangement",
        blank=True,
        help_text="Who decided it and why, for example a court order or a safety plan",
    )
    partnership = models.CharField(
        "Together, separated or divorced", max_length=10, choices=Partnership.choices, blank=True
    )
    recorded_for = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Recorded in the family network of",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_person=models.F("to_person")), name="relationship_not_self"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_person} is {self.get_kind_display().lower()} of {self.to_person}"

    def label_from(self, person: Person) -> str:
        """The relationship as seen from `person` (the other party's role)."""
        if person.pk == self.to_person_id:
            return self.get_kind_display()
        return self.INVERSE[self.kind]


class InformalSupportQuerySet(models.QuerySet):
    def current(self) -> InformalSupportQuerySet:
        return self.filter(ended_on__isnull=True)


class InformalSupport(models.Model):
    """Someone or something outside the services that supports the child (or strains them): a
    grandparent, a friend, a faith group, a club. With the professional network, the ecomap."""

    class Kind(models.TextChoices):
        FAMILY = "family", "Family member"
        FRIEND = "friend", "Friend or neighbour"
        FAITH = "faith", "Faith group"
        CLUB = "club", "Club, sport or activity"
        COMMUNITY = "community", "Community group"
        OTHER = "other", "Other"

    class Strength(models.TextChoices):
        STRONG = "strong", "Strong"
        MODERATE = "moderate", "Moderate"
        TENUOUS = "tenuous", "Tenuous"
        STRESSFUL = "stressful", "Stressful"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="informal_supports")
    name = models.CharField("Who or what", max_length=150)
    kind = models.CharField("What kind of support", max_length=12, choices=Kind.choices)
    strength = models.CharField("The connection", max_length=10, choices=Strength.choices)
    note = models.TextField("What they do for the child", blank=True)
    started_on = models.DateField("Since", default=timezone.localdate)
    ended_on = models.DateField("No longer a support from", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = InformalSupportQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["child", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_strength_display().lower()} connection)"


class Household(models.Model):
    name = models.CharField(max_length=150, help_text="For example the family surname and street")
    address_area = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="household_memberships"
    )
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["person", "left_on"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.household}"


class Agency(models.Model):
    """A partner or council organisation: school, health visiting, police, the council itself."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        SCHOOL = "school", "School or college"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary or community"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Professional(models.Model):
    """Someone in an agency who works with families, with or without a Journey account."""

    name = models.CharField(max_length=150)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="professionals")
    job_title = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class NetworkMemberQuerySet(models.QuerySet):
    def current(self) -> NetworkMemberQuerySet:
        return self.filter(ended_on__isnull=True)


class NetworkMember(models.Model):
    """A professional in a child's network: who they are to the child, since when, and (never
    deleted) when they stopped being involved."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="network")
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="children"
    )
    role = models.CharField("Their role with the child", max_length=100)
    started_on = models.DateField("Involved since", default=timezone.localdate)
    ended_on = models.DateField("No longer involved from", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = NetworkMemberQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["child", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "professional"],
                condition=Q(ended_on__isnull=True),
                name="one_current_place_in_a_childs_network",
            )
        ]

    def __str__(self) -> str:
        return f"{self.professional.name}, {self.role}"


# --- The consistent identifier (Children Act 2004 s16LC) ------------------------------------


class IdentifierCheck(models.Model):
    """Where a child's consistent identifier (the NHS number, or the identifier the council's
    setting names) stands: verified (when, against what), in conflict (why), or, for a child
    without one, the reason. One row per child and identifier, changed as it is checked again;
    its history keeps every earlier state. It speaks for the value it was recorded against:
    once the identifier on the record changes, the child is unverified again."""

    class Status(models.TextChoices):
        VERIFIED = "verified", "Verified"
        CONFLICT = "conflict", "Conflict"
        NO_NUMBER = "no_number", "None: reason recorded"

    class Source(models.TextChoices):
        PDS = "pds", "NHS Personal Demographics Service"
        GP = "gp", "GP letter or GP record"
        HEALTH_VISITOR = "health_visitor", "Health visitor"
        SCHOOL_NURSE = "school_nurse", "School nurse"
        HOSPITAL = "hospital", "Hospital or maternity record"
        SCHOOL = "school", "School record or common transfer file"
        OTHER = "other", "Another source (say which in the note)"

    class NoneReason(models.TextChoices):
        NOT_REGISTERED = "not_registered", "Not yet registered with a GP"
        NEWBORN = "newborn", "Newborn, awaiting an NHS number"
        REFUSED = "refused", "The family refused to give it"
        UNKNOWN = "unknown", "Not known"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identifier_checks")
    identifier = models.CharField(max_length=20, help_text="The Person field checked")
    value = models.CharField("Identifier checked", max_length=13, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    checked_on = models.DateField("Date")
    source = models.CharField("Checked against", max_length=20, choices=Source.choices, blank=True)
    reason_none = models.CharField(
        "Why there is none", max_length=20, choices=NoneReason.choices, blank=True
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "identifier"], name="one_identifier_check_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.checked_on:%-d %B %Y}"


class NotSameChild(models.Model):
    """A reviewer's decision that two children sharing a consistent identifier are different
    children, with the reason (kept): one row for each of the two, so each child's chronology
    links to it. The pair then leaves the list of possible duplicates for that value."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="not_same_as")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    identifier = models.CharField(max_length=20)
    value = models.CharField("Identifier shared", max_length=13)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "other", "identifier", "value"], name="one_not_same_decision"
            ),
            models.CheckConstraint(condition=~Q(child=models.F("other")), name="not_same_not_self"),
        ]

    def __str__(self) -> str:
        return f"Not the same child as {self.other.local_id}"


@dataclass(frozen=True)
class CorrectedField:
    """A field that can be corrected after it was recorded: its label and how to show a value."""

    label: str
    choices: type[models.TextChoices] | None = None
    kind: str = "text"  # "text", "date", "bool" or "codes" (a list of codes, comma-separated)


#: Every field a correction can change, on the child (Person) or their social care episode.
CORRECTED_FIELDS: dict[str, CorrectedField] = {
    "first_name": CorrectedField("first name"),
    "last_name": CorrectedField("last name"),
    "date_of_birth": CorrectedField("date of birth", kind="date"),
    "expected_date_of_birth": CorrectedField("expected date of birth", kind="date"),
    "sex": CorrectedField("sex", codes.Sex),
    "ethnicity": CorrectedField("ethnicity", codes.Ethnicity),
    "upn": CorrectedField("UPN"),
    "former_upn": CorrectedField("former UPN"),
    "upn_unknown": CorrectedField("reason the UPN is unknown", codes.UPNUnknown),
    "nhs_number": CorrectedField("NHS number"),
    "disabilities": CorrectedField("disabilities", codes.Disability, kind="codes"),
    "date_of_death": CorrectedField("date of death", kind="date"),
    "referral_source": CorrectedField("source of referral", codes.ReferralSource),
    "primary_need": CorrectedField("primary need", codes.PrimaryNeed),
    "referral_nfa": CorrectedField("no further action on the referral", kind="bool"),
    "closure_reason": CorrectedField("reason for closure", codes.ReasonForClosure),
}


class DetailsCorrection(models.Model):
    """Append-only: one field of a child's details, or of their social care referral, corrected
    after it was recorded. The value before and after, why, who and when: nothing is lost.

    One correction (one form sent) writes a row per changed field, sharing `corrected_at`.
    Values are kept as text: dates as ISO dates, yes/no as "true"/"false", codes as codes (a
    list of disability codes comma-separated); `old_display`/`new_display` put them in words.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="corrections")
    episode = models.ForeignKey(
        "cases.Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text="Set when the corrected field is the episode's (its referral details)",
    )
    field_name = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["-corrected_at", "pk"]
        indexes = [models.Index(fields=["person", "corrected_at"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.old_display} → {self.new_display}"

    @property
    def label(self) -> str:
        known = CORRECTED_FIELDS.get(self.field_name)
        return known.label if known else self.field_name.replace("_", " ")

    @property
    def old_display(self) -> str:
        return correction_display(self.field_name, self.old_value)

    @property
    def new_display(self) -> str:
        return correction_display(self.field_name, self.new_value)


def correction_value(value: object) -> str:
    """A field's value as the text a correction keeps."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(str(item) for item in value)
    return str(value)


def correction_display(field_name: str, text: str) -> str:
    """A kept value in the words a worker reads, e.g. "White British (WBRI)", "3 May 2016"."""
    known = CORRECTED_FIELDS.get(field_name, CorrectedField(field_name))
    if known.kind == "bool":
        return "yes" if text == "true" else "no"
    if not text:
        return "not recorded"
    if known.kind == "date":
        return f"{dt.date.fromisoformat(text):%-d %B %Y}"
    labels = dict(known.choices.choices) if known.choices else {}
    items = text.split(",") if known.kind == "codes" else [text]
    return ", ".join(f"{labels[i]} ({i})" if i in labels else i for i in items)
