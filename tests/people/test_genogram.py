"""The family network, drawn (issue 15): the genogram and ecomap as SVG with a text
alternative, relationships that contradict themselves refused, and restricted relatives never
shown to someone who may not see them."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import graphviz
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.core.grants import grant_record
from journey.core.models import AccessEvent
from journey.people.genogram import drawing
from journey.people.genogram.services import (
    RelationshipDetails,
    RelativeDetails,
    SupportDetails,
    add_relative,
    add_support,
    record_relationship,
)
from journey.people.models import InformalSupport, Person, Relationship
from tests.factories import make_child

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def relative(child, by, first, sex, kind, *, born=None, died=None, lives=False, **arrangements):
    return add_relative(
        child,
        RelativeDetails(
            first_name=first,
            last_name="Ashworth",
            sex=sex,
            date_of_birth=born,
            date_of_death=died,
            lives_with_child=lives,
        ),
        RelationshipDetails(from_person=None, to_person=child, kind=kind, **arrangements),
        by=by,
    ).from_person


def relate(a, b, kind, by, child, **more) -> Relationship:
    return record_relationship(
        RelationshipDetails(from_person=a, to_person=b, kind=kind, **more),
        recorded_for=child,
        by=by,
    )


@pytest.fixture
def family(council, sc_child):
    """Ruby, her mother (with parental responsibility, at home), her father (separated, with
    supervised contact), her brother at home, and her mother's father, who has died."""
    by = council["social_worker"].user
    mum = relative(
        sc_child, by, "Kim", "F", "parent", born=dt.date(1988, 3, 1), lives=True,
        has_parental_responsibility=True,
    )  # fmt: skip
    dad = relative(
        sc_child, by, "Lee", "M", "parent", born=dt.date(1985, 6, 1),
        has_parental_responsibility=True, contact="supervised",
        contact_note="Child arrangements order, March 2025",
    )  # fmt: skip
    brother = relative(sc_child, by, "Jay", "M", "sibling", born=dt.date(2013, 2, 2), lives=True)
    grandad = relative(
        sc_child, by, "Fred", "M", "relative", born=dt.date(1950, 1, 1), died=dt.date(2021, 5, 4)
    )
    relate(grandad, mum, "parent", by, sc_child)
    relate(mum, dad, "partner", by, sc_child, partnership="separated", ended_on=dt.date(2020, 1, 1))
    relate(mum, brother, "parent", by, sc_child)
    relate(dad, brother, "parent", by, sc_child)
    return {"mum": mum, "dad": dad, "brother": brother, "grandad": grandad}


def page(client, worker, child):
    client.force_login(worker.user)
    return client.get(reverse("family_network", args=[child.pk]))


def genogram(response) -> ET.Element:
    html = response.content.decode()
    match = re.search(r'<svg[^>]*class="journey-genogram".*?</svg>', html, re.S)
    assert match, "no genogram on the page"
    return ET.fromstring(match.group(0))


def symbol(svg: ET.Element, person: Person) -> ET.Element:
    group = svg.find(f".//{SVG}g[@id='genogram-person-{person.pk}']")
    assert group is not None, f"{person} is not drawn"
    return group


def shape_of(group: ET.Element) -> str:
    """A person's symbol: a circle (an ellipse), a square (a polygon of two x positions) or a
    diamond (a polygon of three)."""
    if group.find(f"{SVG}ellipse") is not None:
        return "circle"
    polygon = group.find(f"{SVG}polygon")
    xs = {round(float(p.split(",")[0])) for p in polygon.get("points").split()}
    return "square" if len(xs) == 2 else "diamond"


def test_the_genogram_draws_each_person_in_the_common_notation(client, council, sc_child, family):
    response = page(client, council["social_worker"], sc_child)
    assert response.status_code == 200
    svg = genogram(response)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "genogram-heading genogram-description"
    for person in [sc_child, *family.values()]:
        group = symbol(svg, person)
        assert shape_of(group) == {"M": "square", "F": "circle", "U": "diamond"}[person.sex]
        died = group.find(f"{SVG}path[@class='journey-died']")
        assert (died is not None) == (person.date_of_death is not None), person
    texts = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "/" in texts.split()  # the separated couple's slash
    assert "Lives together" in texts


def test_the_text_alternative_lists_every_person_and_relationship(
    client, council, sc_child, family
):
    response = page(client, council["social_worker"], sc_child)
    html = response.content.decode()
    for person in [sc_child, *family.values()]:
        assert f'data-person="{person.pk}"' in html
    relationships = Relationship.objects.filter(recorded_for=sc_child)
    assert relationships.count() == 8
    for r in relationships:
        assert f'data-relationship="{r.pk}"' in html
    assert "Lee Ashworth is parent of Ruby Ashworth; has parental responsibility; supervised" in (
        html
    )
    assert "Kim Ashworth is partner of Lee Ashworth: separated" in html
    assert "Died 4 May 2021" in html
    assert "Child arrangements order, March 2025" in html


def test_every_relationship_is_on_the_childs_chronology_and_opens_the_network(
    client, council, sc_child, family
):
    entries = ChronologyEntry.objects.filter(child=sc_child, kind=EntryKind.FAMILY_NETWORK)
    assert entries.count() == 8
    entry = entries.get(title__contains="Fred Ashworth is a parent of Kim")
    client.force_login(council["social_worker"].user)
    url = reverse(
        "chronology_source",
        args=[sc_child.pk, entry.source_app, entry.source_model, entry.source_pk],
    )
    assert client.get(url).url == reverse("family_network", args=[sc_child.pk])


def test_the_ecomap_draws_each_support_by_the_strength_of_the_connection(client, council, sc_child):
    by = council["social_worker"].user
    supports = [("Nan", "strong"), ("Boxing club", "tenuous"), ("Uncle Dave", "stressful")]
    for name, strength in supports:
        add_support(
            sc_child,
            SupportDetails(name=name, kind="family", strength=strength, note="Shouts at her"),
            by=by,
        )
    html = page(client, council["social_worker"], sc_child).content.decode()
    svg = ET.fromstring(re.search(r'<svg[^>]*class="journey-ecomap".*?</svg>', html, re.S)[0])
    texts = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert {"Nan", "Boxing club", "Uncle Dave", "stressful"} <= set(
        re.findall(r"Nan|Boxing club|Uncle Dave|stressful", texts)
    )
    edges = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "edge"]
    strokes = sorted(p.get("stroke-width") for g in edges for p in g.iter(f"{SVG}path"))
    assert strokes == ["1.5", "2.5", "4"]
    assert "Strong" in html and "Tenuous" in html and "Stressful" in html


def test_a_name_cannot_inject_markup_into_the_drawing(client, council, sc_child):
    by = council["social_worker"].user
    relative(sc_child, by, "<script>alert(1)</script>", "F", "parent", born=dt.date(1990, 1, 1))
    relative(sc_child, by, "\\N <b>x</b> & Co", "M", "parent", born=dt.date(1990, 1, 1))
    response = page(client, council["social_worker"], sc_child)
    html = response.content.decode()
    assert "<script>alert" not in html
    svg = genogram(response)  # well-formed
    assert not [e for e in svg.iter() if e.tag.removeprefix(SVG) in ("script", "b")]
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    assert "<script>alert(1)</script> Ashworth" in texts
    assert "\\N <b>x</b> & Co Ashworth" in texts  # no DOT escape, no HTML-like label


def test_without_graphviz_the_page_lists_the_network_and_says_what_is_missing(
    client, council, sc_child, family, monkeypatch
):
    def missing(graph):
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(drawing, "render_svg", missing)
    response = page(client, council["social_worker"], sc_child)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" not in html.split('class="journey-family-network"')[1]
    assert "graphviz package (apt-get install graphviz)" in html
    for person in family.values():
        assert person.full_name in html


def test_the_page_reads_the_same_number_of_queries_however_big_the_family(
    client, council, sc_child, family
):
    worker = council["social_worker"]
    client.force_login(worker.user)
    url = reverse("family_network", args=[sc_child.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    by = worker.user
    for n in range(4):
        cousin = relative(sc_child, by, f"Cousin{n}", "F", "relative", born=dt.date(2010, 1, n + 1))
        aunt = relative(sc_child, by, f"Aunt{n}", "F", "relative", born=dt.date(1980, 1, n + 1))
        relate(aunt, cousin, "parent", by, sc_child)
        add_support(sc_child, SupportDetails(f"Club {n}", "club", "moderate"), by=by)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


# --- A relationship that contradicts itself -------------------------------------------------


def refused(details: RelationshipDetails, child, by, field: str, words: str) -> None:
    before = (Relationship.objects.count(), ChronologyEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        record_relationship(details, recorded_for=child, by=by)
    assert words in error.value.message_dict[field][0]
    assert (Relationship.objects.count(), ChronologyEntry.objects.count()) == before


def test_nobody_is_their_own_parent(council, sc_child):
    by = council["social_worker"].user
    details = RelationshipDetails(from_person=sc_child, to_person=sc_child, kind="parent")
    refused(details, sc_child, by, "to_person", "cannot be related to themselves")


def test_a_child_cannot_be_the_parent_of_their_own_parent(council, sc_child, family):
    by = council["social_worker"].user
    details = RelationshipDetails(from_person=sc_child, to_person=family["mum"], kind="parent")
    refused(details, sc_child, by, "kind", "already recorded as Ruby Ashworth's parent")
    # ... nor of their grandparent, up the family.
    details = RelationshipDetails(from_person=sc_child, to_person=family["grandad"], kind="parent")
    refused(details, sc_child, by, "kind", "already recorded as Ruby Ashworth's parent or grand")


def test_nobody_is_both_parent_and_sibling_of_the_same_person(council, sc_child, family):
    by = council["social_worker"].user
    details = RelationshipDetails(from_person=family["brother"], to_person=sc_child, kind="parent")
    refused(details, sc_child, by, "kind", "are recorded as siblings")
    details = RelationshipDetails(from_person=family["mum"], to_person=sc_child, kind="sibling")
    refused(details, sc_child, by, "kind", "cannot also be siblings")


def test_a_parent_must_be_older_than_their_child(council, sc_child):
    by = council["social_worker"].user
    # Dates from the child's own: the factory's children are born a day apart, in turn.
    younger = sc_child.date_of_birth + dt.timedelta(days=365)
    young = make_child(council["social_worker"], first_name="Tia", date_of_birth=younger)
    details = RelationshipDetails(from_person=young, to_person=sc_child, kind="parent")
    refused(details, sc_child, by, "kind", "A parent must be older than their child")
    before = Person.objects.count()
    with pytest.raises(ValidationError) as error:
        relative(sc_child, by, "Ada", "F", "parent", born=younger)
    assert "must be older" in error.value.message_dict["kind"][0]
    assert Person.objects.count() == before  # not half-saved: no relative without a relationship


def test_a_relationship_cannot_end_before_it_starts(council, sc_child, family):
    by = council["social_worker"].user
    details = RelationshipDetails(
        from_person=family["dad"],
        to_person=family["brother"],
        kind="step_parent",
        started_on=dt.date(2022, 5, 1),
        ended_on=dt.date(2021, 5, 1),
    )
    refused(details, sc_child, by, "ended_on", "after the date it started, 1 May 2022")


def test_arrangements_are_only_where_they_mean_something(council, sc_child, family):
    by = council["social_worker"].user
    details = RelationshipDetails(
        from_person=family["brother"],
        to_person=sc_child,
        kind="half_sibling",
        has_parental_responsibility=True,
    )
    refused(details, sc_child, by, "has_parental_responsibility", "parent, step-parent or carer")
    details = RelationshipDetails(
        from_person=family["grandad"], to_person=sc_child, kind="grandparent", contact="no_contact"
    )
    refused(details, sc_child, by, "contact_note", "Say who decided the contact arrangement")


def test_the_form_shows_the_contradiction_in_an_error_summary(client, council, sc_child, family):
    client.force_login(council["social_worker"].user)
    response = client.post(
        reverse("add_relationship", args=[sc_child.pk]),
        {
            "from_person": sc_child.pk,
            "kind": "parent",
            "to_person": family["mum"].pk,
            "contact": "none",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "already recorded as Ruby Ashworth&#x27;s parent" in html
    assert not Relationship.objects.filter(from_person=sc_child).exists()


def test_a_worker_adds_a_relative_and_a_support_through_the_forms(client, council, sc_child):
    client.force_login(council["social_worker"].user)
    response = client.post(
        reverse("add_relative", args=[sc_child.pk]),
        {
            "first_name": "Joan",
            "last_name": "Ashworth",
            "sex": "F",
            "date_of_birth_0": "1",
            "date_of_birth_1": "2",
            "date_of_birth_2": "1962",
            "kind": "grandparent",
            "contact": "none",
        },
    )
    assert response.status_code == 302
    assert Relationship.objects.get(to_person=sc_child).from_person.first_name == "Joan"
    response = client.post(
        reverse("add_support", args=[sc_child.pk]),
        {"name": "St Mary's church", "kind": "faith", "strength": "strong"},
    )
    assert response.status_code == 302
    support = InformalSupport.objects.get(child=sc_child)
    response = client.post(reverse("end_support", args=[sc_child.pk, support.pk]), {})
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.ended_on is not None  # ended, never deleted


# --- Who sees what --------------------------------------------------------------------------


def test_someone_who_cannot_see_the_child_is_refused_and_it_is_logged(client, council, sc_child):
    response = page(client, council["practitioner"], sc_child)
    assert response.status_code == 403
    assert AccessEvent.objects.filter(
        user=council["practitioner"].user, child=sc_child, action="denied"
    ).exists()


def test_each_view_of_the_network_is_logged(client, council, sc_child):
    page(client, council["social_worker"], sc_child)
    assert AccessEvent.objects.filter(
        user=council["social_worker"].user, child=sc_child, action="view", path__contains="family"
    ).exists()


def test_only_those_who_record_in_the_open_work_add_to_the_network(client, council, sc_child):
    qa = council["qa_officer"]  # sees every child, records nothing
    client.force_login(qa.user)
    assert client.get(reverse("family_network", args=[sc_child.pk])).status_code == 200
    for name in ["add_relative", "add_relationship", "add_support"]:
        response = client.post(reverse(name, args=[sc_child.pk]), {"name": "Nan"})
        assert response.status_code == 403, name
    assert not InformalSupport.objects.exists()
    assert AccessEvent.objects.filter(user=qa.user, action="denied").count() == 3


def test_a_restricted_relative_is_shown_only_to_someone_with_a_grant(
    client, council, sc_child, family
):
    dad = family["dad"]
    Person.objects.filter(pk=dad.pk).update(is_restricted=True)
    worker = council["social_worker"]
    response = page(client, worker, sc_child)
    html = response.content.decode()
    assert "Lee" not in html
    assert f"genogram-person-{dad.pk}" not in html
    assert f'data-person="{dad.pk}"' not in html
    svg = genogram(response)
    assert len([g for g in svg.iter(f"{SVG}g") if "-person-" in (g.get("id") or "")]) == 4
    assert "Lee" not in page(client, worker, sc_child).content.decode()  # family tab alike
    assert "Lee" not in client.get(reverse("child_family", args=[sc_child.pk])).content.decode()

    grant_record(worker.user, dad.pk, reason="Court work", granted_by=council["team_manager"].user)
    response = page(client, worker, sc_child)
    symbol(genogram(response), dad)
    assert f'data-person="{dad.pk}"' in response.content.decode()


def test_a_partner_leading_the_early_help_sees_the_network_without_restricted_relatives(
    client, council, eh_child
):
    from journey.cases.services import allocate
    from journey.workforce.models import Allocation

    by = council["practitioner"].user
    mum = relative(eh_child, by, "Maya", "F", "parent", born=dt.date(1990, 1, 1), lives=True)
    secret = relative(eh_child, by, "Hidden", "M", "parent", born=dt.date(1989, 1, 1))
    Person.objects.filter(pk=secret.pk).update(is_restricted=True)
    partner = council["external_lead"]
    allocate(
        eh_child.episodes.get(),
        worker=partner,
        kind=Allocation.Kind.LEAD_PROFESSIONAL,
        started_on=dt.date.today(),
        allocated_by=council["team_manager"].user,
    )
    response = page(client, partner, eh_child)
    assert response.status_code == 200
    html = response.content.decode()
    assert mum.full_name in html and "Hidden" not in html
