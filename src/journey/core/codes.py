"""DfE code lists for children's social care (CIN census and related returns).

Each list is a Django ``TextChoices``: the stored value is the DfE code, the label is the
DfE description.  Sources (copied, unchanged, into ``reference/``; see its README.md):

* ``cin_census/CIN_schema_2024.xsd`` -- SocialFinanceDigitalLabs/liia-tools
  (``liiatools/spec/cin_census/CIN_schema_2024.xsd``).  The set of codes in every list below
  that has a schema type is exactly that type's ``xs:enumeration`` values.
* ``ssd_data_model/*.yml`` -- data-to-insight/ssd-data-model
  (``data/categories__future_release/``): assessment_factors, contact_source, primary_need,
  reason_for_closure, referral_source and upn_unknown.  Where a code has a description there,
  that is the label; otherwise the label is the schema's ``xs:documentation``.
* ``annex_a/data-map.yml`` -- SocialFinanceDigitalLabs/liia-tools
  (``liiatools/spec/annex_a/data-map.yml``), used as a cross-check for ethnicity.

Labels keep the DfE wording, with typography made plain ASCII (hyphens, straight
apostrophes), trailing full stops dropped, and the apostrophes the yml lost restored
("childs" -> "child's").  ``tests/core/test_codes.py`` checks every list against the reference.

Member names are the codes where a code is a valid identifier (``PrimaryNeed.N1``,
``ReasonForClosure.RC8``, ``Ethnicity.WBRI``); lists with numeric codes use short descriptive
names (``ReferralSource.POLICE``, ``AssessmentFactor.NEGLECT``).
"""

from django.db import models
from django.utils.text import capfirst

__all__ = [
    "AssessmentFactor",
    "CategoryOfAbuse",
    "ContactSource",
    "Disability",
    "Ethnicity",
    "GenderCurrent",
    "PrimaryNeed",
    "ReasonForClosure",
    "ReferralSource",
    "Sex",
    "UPNUnknown",
]


class ReferralSource(models.TextChoices):
    """Source of referral (CIN census ``ReferralSource``; XSD ``referralsourcetype``)."""

    INDIVIDUAL_FAMILY = "1A", "INDIVIDUAL - family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = (
        "1B",
        "INDIVIDUAL - acquaintance (including neighbours and child minders)",
    )
    INDIVIDUAL_SELF = "1C", "INDIVIDUAL - self"
    INDIVIDUAL_OTHER = (
        "1D",
        "INDIVIDUAL - other (including strangers or Members of Parliament (MPs))",
    )
    SCHOOLS = "2A", "SCHOOLS"
    EDUCATION_SERVICES = "2B", "EDUCATION SERVICES"
    HEALTH_GP = "3A", "HEALTH SERVICES - general practitioner (GP)"
    HEALTH_VISITOR = "3B", "HEALTH SERVICES - health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "HEALTH SERVICES - school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "HEALTH SERVICES - other primary health services"
    HEALTH_A_AND_E = "3E", "HEALTH SERVICES - A&E (accident and emergency department)"
    HEALTH_OTHER = "3F", "HEALTH SERVICES - other (for example hospice)"
    HOUSING = "4", "HOUSING - local authority housing or housing association"
    LA_SOCIAL_CARE = "5A", "LA SERVICES - social care, for example adults social care services"
    LA_OTHER_INTERNAL = (
        "5B",
        "LA SERVICES - other internal services, not including social care or early help",
    )
    LA_EXTERNAL = (
        "5C",
        "LA SERVICES - external, from another local authority's services, "
        "for example social care or early help",
    )
    LA_EARLY_HELP = "5D", "LA SERVICES - early help"
    POLICE = "6", "POLICE"
    OTHER_LEGAL_AGENCY = (
        "7",
        "OTHER LEGAL AGENCY - including courts, probation, immigration, CAFCASS "
        "(Children and Family Court Advisory and Support Service) or prison",
    )
    OTHER = (
        "8",
        "OTHER - including children's centres, independent agency providers "
        "or voluntary organisations",
    )
    ANONYMOUS = "9", "ANONYMOUS"
    UNKNOWN = "10", "UNKNOWN"


#: Who made a contact or referral, in the words a worker uses mid-sentence ("Contact received
#: from a school"). The DfE's own descriptions (the labels above, in capitals) stay for the
#: returns; every page a worker reads shows these.
REFERRAL_SOURCE_WORDS = {
    "1A": "a family member, relative or carer",
    "1B": "an acquaintance (a neighbour or childminder, say)",
    "1C": "the child themselves",
    "1D": "another member of the public (or an MP)",
    "2A": "a school",
    "2B": "education services",
    "3A": "a GP",
    "3B": "a health visitor",
    "3C": "a school nurse",
    "3D": "other primary health services",
    "3E": "A&E (the accident and emergency department)",
    "3F": "other health services (a hospice, say)",
    "4": "housing (the council or a housing association)",
    "5A": "the council's social care (adult social care, say)",
    "5B": "another of the council's services",
    "5C": "another council's services",
    "5D": "early help",
    "6": "the police",
    "7": "courts, probation, immigration, Cafcass or prison",
    "8": "a children's centre, charity or independent agency",
    "9": "someone who did not give their name",
    "10": "not known",
}


def referral_source_words(code: str) -> str:
    """Mid-sentence words for a referral or contact source code ("" for none)."""
    return REFERRAL_SOURCE_WORDS.get(code, code)


def referral_source_choices() -> list[tuple[str, str]]:
    """The sources as a worker chooses them: plain words, capitalised, in the DfE's order."""
    return [(code, capfirst(referral_source_words(code))) for code in ReferralSource.values]


# Contact source uses the referral source code set (ssd_data_model/contact_source.yml has the
# same codes and descriptions as referral_source.yml).
ContactSource = ReferralSource


class PrimaryNeed(models.TextChoices):
    """Primary need code (CIN census ``PrimaryNeedCode``; XSD ``primaryneedcodetype``).

    The XSD enumerates N1-N9 and N0 ("Not stated"); primary_need.yml only describes N1-N8.
    """

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"
    N0 = "N0", "Not stated"


class ReasonForClosure(models.TextChoices):
    """Reason for closure of a CIN episode (XSD ``reasonforclosuretype``)."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another local authority"
    RC6 = "RC6", "Transferred to adult social care services"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class AssessmentFactor(models.TextChoices):
    """Factors identified at the end of assessment (XSD ``assessmentfactorstype``)."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse: concerns about alcohol misuse by the child"
    ALCOHOL_PARENT = (
        "1B",
        "Alcohol misuse: concerns about alcohol misuse by the parent(s)/carer(s)",
    )
    ALCOHOL_OTHER = (
        "1C",
        "Alcohol misuse: concerns about alcohol misuse by another person living in the household",
    )
    DRUGS_CHILD = "2A", "Drug misuse: concerns about drug misuse by the child"
    DRUGS_PARENT = "2B", "Drug misuse: concerns about drug misuse by the parent(s)/carer(s)"
    DRUGS_OTHER = (
        "2C",
        "Drug misuse: concerns about drug misuse by another person living in the household",
    )
    DOMESTIC_ABUSE_CHILD = (
        "3A",
        "Domestic abuse: concerns about the child being the subject of domestic abuse",
    )
    DOMESTIC_ABUSE_PARENT = (
        "3B",
        "Domestic abuse: concerns about the child's parent(s)/carer(s) being the subject of "
        "domestic abuse",
    )
    DOMESTIC_ABUSE_OTHER = (
        "3C",
        "Domestic abuse: concerns about another person living in the household being the "
        "subject of domestic abuse",
    )
    MENTAL_HEALTH_CHILD = "4A", "Mental health: concerns about the mental health of the child"
    MENTAL_HEALTH_PARENT = (
        "4B",
        "Mental health: concerns about the mental health of the parent(s)/carer(s)",
    )
    MENTAL_HEALTH_OTHER = (
        "4C",
        "Mental health: concerns about the mental health of another person in the family/household",
    )
    LEARNING_DISABILITY_CHILD = (
        "5A",
        "Learning disability: concerns about the child's learning disability",
    )
    LEARNING_DISABILITY_PARENT = (
        "5B",
        "Learning disability: concerns about the parent(s)/carer(s) learning disability",
    )
    LEARNING_DISABILITY_OTHER = (
        "5C",
        "Learning disability: concerns about another person in the family/household's "
        "learning disability",
    )
    PHYSICAL_DISABILITY_CHILD = (
        "6A",
        "Physical disability or illness: concerns about a physical disability or illness "
        "of the child",
    )
    PHYSICAL_DISABILITY_PARENT = (
        "6B",
        "Physical disability or illness: concerns about a physical disability or illness "
        "of the parent(s)/carer(s)",
    )
    PHYSICAL_DISABILITY_OTHER = (
        "6C",
        "Physical disability or illness: concerns about a physical disability or illness "
        "of another person in the family/household",
    )
    YOUNG_CARER = (
        "7A",
        "Young carer: concerns that services may be required or the child's health or "
        "development may be impaired due to their caring responsibilities",
    )
    PRIVATE_FOSTERING_OVERSEAS_RETURN = (
        "8B",
        "Privately fostered: concerns that services may be required or the child may be at "
        "risk as a privately fostered child - overseas children who intend to return",
    )
    PRIVATE_FOSTERING_OVERSEAS_STAY = (
        "8C",
        "Privately fostered: concerns that services may be required or the child may be at "
        "risk as a privately fostered child - overseas children who intend to stay",
    )
    PRIVATE_FOSTERING_EDUCATIONAL = (
        "8D",
        "Privately fostered: concerns that services may be required or the child may be at "
        "risk as a privately fostered child - UK children in educational placements",
    )
    PRIVATE_FOSTERING_FAMILY_ARRANGEMENTS = (
        "8E",
        "Privately fostered: concerns that services may be required or the child may be at "
        "risk as a privately fostered child - UK children making alternative family "
        "arrangements",
    )
    PRIVATE_FOSTERING_OTHER = (
        "8F",
        "Privately fostered: concerns that services may be required or the child may be at "
        "risk as a privately fostered child - other",
    )
    UASC = (
        "9A",
        "UASC: concerns that services may be required or the child may be at risk of harm as "
        "an unaccompanied asylum-seeking child",
    )
    MISSING = (
        "10A",
        "Missing: concerns that services may be required or the child may be at risk of harm "
        "due to going/being missing",
    )
    CSE = (
        "11A",
        "Child sexual exploitation: concerns that services may be required or the child may "
        "be at risk of harm due to child sexual exploitation",
    )
    TRAFFICKING = (
        "12A",
        "Trafficking: concerns that services may be required or the child may be at risk of "
        "harm due to trafficking",
    )
    GANGS = (
        "13A",
        "Gangs: concerns that services may be required or the child may be at risk of harm "
        "because of involvement in/with gangs",
    )
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = (
        "14A",
        "Socially unacceptable behaviour: concerns that services may be required or the "
        "child may be at risk due to their socially unacceptable behaviour",
    )
    SELF_HARM = (
        "15A",
        "Self-harm: concerns that services may be required or due to suspected/actual "
        "self-harming child may be at risk of harm",
    )
    NEGLECT = (
        "16A",
        "Abuse or neglect - NEGLECT: concerns that services may be required or the child may "
        "be suffering or likely to suffer significant harm due to abuse or neglect",
    )
    EMOTIONAL_ABUSE = (
        "17A",
        "Abuse or neglect - EMOTIONAL ABUSE: concerns that services may be required or the "
        "child may be suffering or likely to suffer significant harm due to abuse or neglect",
    )
    PHYSICAL_ABUSE_CHILD_ON_CHILD = (
        "18B",
        "Abuse or neglect - PHYSICAL ABUSE (child on child): concerns that services may be "
        "required or the child may be suffering or likely to suffer significant harm due to "
        "abuse or neglect by another child",
    )
    PHYSICAL_ABUSE_ADULT_ON_CHILD = (
        "18C",
        "Abuse or neglect - PHYSICAL ABUSE (adult on child): concerns that services may be "
        "required or the child may be suffering or likely to suffer significant harm due to "
        "abuse or neglect by an adult",
    )
    SEXUAL_ABUSE_CHILD_ON_CHILD = (
        "19B",
        "Abuse or neglect - SEXUAL ABUSE (child on child): concerns that services may be "
        "required or the child may be suffering or likely to suffer significant harm due to "
        "abuse or neglect by another child",
    )
    SEXUAL_ABUSE_ADULT_ON_CHILD = (
        "19C",
        "Abuse or neglect - SEXUAL ABUSE (adult on child): concerns that services may be "
        "required or the child may be suffering or likely to suffer significant harm due to "
        "abuse or neglect by an adult",
    )
    OTHER = "20", "Other"
    NO_FACTORS = (
        "21",
        "No factors identified - only use this code if there is no evidence of any of the "
        "factors listed above or below and no further action is being taken",
    )
    FGM = (
        "22A",
        "Female genital mutilation (FGM) - concerns that services may be required or the "
        "child may be at risk due to female genital mutilation",
    )
    FAITH_OR_BELIEF = (
        "23A",
        "Abuse linked to faith or belief - concerns that services may be required or the "
        "child may be at risk due to abuse linked to faith or belief",
    )
    CCE = (
        "24A",
        "Child criminal exploitation: concerns that services may be required or the child "
        "may be at risk of harm due to child criminal exploitation",
    )


class CategoryOfAbuse(models.TextChoices):
    """Initial/latest category of abuse for a child protection plan (XSD ``categoryofabuse``)."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple/not recommended"


class Ethnicity(models.TextChoices):
    """Ethnicity (XSD ``ethnicitytype``)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """Disability (XSD ``disabilitytype``); a child may have several, or NONE alone."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism"
    DDA = "DDA", "Other"


class GenderCurrent(models.TextChoices):
    """Gender for the 2024 CIN census (XSD ``gendertype``); replaced by ``Sex`` from 2024-25."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_RECORDED = "0", "Not recorded or unborn"
    INDETERMINATE = "9", "Indeterminate"


class Sex(models.TextChoices):
    """Sex for the 2024-25 CIN census onwards (M/F/U).

    Not in the 2024 XSD: the codes are those of the CIN validator (data-to-insight/
    csc-validator-be-cin rule 4180), which also requires U for an unborn child (rule 8750).
    """

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown"


class UPNUnknown(models.TextChoices):
    """Reason a unique pupil number is unknown (XSD ``unknownupntype``).

    UN1-UN5 descriptions are upn_unknown.yml's (written for looked-after children).  The XSD
    documents none of these codes and the yml stops at UN5: UN7's label is the wording of the
    CIN validator (rule 8772); UN6 is worded as in the DfE CIN census guide (not in our reference).
    """

    UN1 = (
        "UN1",
        "Child looked-after is not of school age and has not yet been assigned a unique "
        "pupil number (UPN)",
    )
    UN2 = (
        "UN2",
        "Child looked-after has never attended a maintained school in England (for example, "
        "some unaccompanied asylum-seeking children (UASC))",
    )
    UN3 = "UN3", "Child looked-after is educated outside England"
    UN4 = (
        "UN4",
        "Child is newly looked-after (from one week before end of collection period) and the "
        "unique pupil number (UPN) was not yet known at the time of the CLA data collection "
        "return",
    )
    UN5 = (
        "UN5",
        "Sources collating unique pupil numbers (UPNs) reflect discrepancy(ies) for the "
        "child's name and/or surname and/or date of birth therefore preventing reliable "
        "matching (for example, duplicated unique pupil numbers (UPNs))",
    )
    UN6 = "UN6", "Child aged under 6 years old and is not yet attending school"
    UN7 = "UN7", "Referral with no further action"
