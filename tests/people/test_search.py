"""R1: finding a child by name (current, former, partial or misspelt), date of birth or ID.

The same searches must give the same children on SQLite and PostgreSQL: the sound-alike keys
are computed in Python (journey.core.phonetic) and compared for equality on both.
"""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journey.cases import services as case_services
from journey.core.identifiers import make_nhs_number, make_upn
from journey.core.models import RecordGrant
from journey.core.phonetic import metaphone, name_key, search_key
from journey.people import selectors
from journey.people.models import Person, PersonName
from journey.people.selectors import parse_typed_date, search_children, split_typed_date
from journey.people.services import record_adult
from tests.factories import make_child, make_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(council):
    """A team manager: sees every child they recorded, so a test's children are all visible."""
    return council["team_manager"]


def names(children) -> list[str]:
    return [child.full_name for child in children]


def found(worker, text="", **kwargs) -> list[str]:
    return names(search_children(worker.user, text=text, **kwargs))


# --- The sound-alike key ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("Jonson", "Johnson"),
        ("Smyth", "Smith"),
        ("Kathryn", "Catherine"),
        ("Katherine", "Catherine"),
        ("Wiliams", "Williams"),
        ("Steven", "Stephen"),
        ("Filip", "Philip"),
        ("Reece", "Rhys"),
        ("Sara", "Sarah"),
        ("Mathew", "Matthew"),
        ("Rebeca", "Rebecca"),
        ("Briony", "Bryony"),
        ("Kristopher", "Christopher"),
        ("Muhammad", "Mohammed"),
        ("McDonald", "Macdonald"),
        ("OBrien", "O'Brien"),
        ("Zoe", "Zoë"),
        ("Lee", "Leigh"),
        ("Smyth-Jones", "Smith-Jones"),
    ],
)
def test_names_said_the_same_way_share_a_key(typed, recorded):
    assert search_key(typed) == name_key(recorded) != ""


@pytest.mark.parametrize(
    ("one", "other"),
    [("Smith", "Jones"), ("Ruby", "Amy"), ("Ashworth", "Kettering"), ("Thomson", "Thompson")],
)
def test_names_said_differently_have_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_key_details():
    assert metaphone("Catherine") == "K0RN"  # TH is written 0, as in Metaphone
    assert metaphone("Knight") == metaphone("Night") == "NT"
    assert metaphone("Schofield") == "SKFLT"
    assert metaphone("Higgins") == "HKNS"  # GG is hard
    assert metaphone("Xavier") == "SFR"
    assert metaphone("") == metaphone("'-") == ""
    assert name_key("  Smith   Jones ") == "SM0 JNS"
    assert search_key("Jo") == ""  # a fragment, not a misspelling
    assert len(name_key("X" * 100)) <= 100


def test_record_child_stores_the_keys_of_every_name(manager):
    child = make_child(
        manager, first_name=" Kathryn ", last_name="Smyth", former_names=[("Katie", " Jonson ")]
    )
    child.refresh_from_db()
    assert (child.first_name_key, child.last_name_key) == ("K0RN", "SM0")
    former = child.other_names.get()
    assert (former.first_name, former.last_name) == ("Katie", "Jonson")
    assert (former.first_name_key, former.last_name_key) == ("KT", "JNSN")


def test_saving_a_changed_name_updates_its_key(manager):
    child = make_child(manager, first_name="Ruby", last_name="Ashworth")
    child.last_name = "Smyth"
    child.save(update_fields=["last_name"])
    child.refresh_from_db()
    assert child.last_name_key == "SM0"


# --- Names: partial, misspelt, former --------------------------------------------------------


class TestNames:
    def test_part_of_a_name_finds_the_child(self, manager):
        make_child(manager, first_name="Ruby", last_name="Ashworth")
        make_child(manager, first_name="Tom", last_name="Kettering")
        assert found(manager, "ashw") == ["Ruby Ashworth"]
        assert found(manager, "WORTH") == ["Ruby Ashworth"]

    def test_every_word_must_match_a_name(self, manager):
        make_child(manager, first_name="Ruby", last_name="Ashworth")
        make_child(manager, first_name="Amy", last_name="Ashworth")
        make_child(manager, first_name="Ruby", last_name="Kettering")
        assert found(manager, "Ruby Ash") == ["Ruby Ashworth"]
        assert found(manager, "ashworth, ruby") == ["Ruby Ashworth"]

    def test_one_or_two_letters_match_the_start_of_a_name_only(self, manager):
        make_child(manager, first_name="Joe", last_name="Major")
        make_child(manager, first_name="Amy", last_name="Jones")
        make_child(manager, first_name="Tom", last_name="Bajo")
        assert found(manager, "jo") == ["Amy Jones", "Joe Major"]
        assert found(manager, "R Jo") == []
        assert found(manager, "A Jo") == ["Amy Jones"]

    @pytest.mark.parametrize(
        ("typed", "recorded"),
        [
            ("Jonson", "Leo Johnson"),
            ("Smyth", "Leo Smith"),
            ("Kathryn", "Catherine Hale"),
            ("Kathryn Hale", "Catherine Hale"),
            ("Wiliams", "Leo Williams"),
            ("Reece", "Rhys Owen"),
            ("OBrien", "Leo O'Brien"),
            ("Zoe", "Zoë Lane"),
            ("Smyth-Jones", "Leo Smith-Jones"),
        ],
    )
    def test_a_misspelt_name_finds_the_child(self, manager, typed, recorded):
        first, last = recorded.split(" ")
        make_child(manager, first_name=first, last_name=last)
        make_child(manager, first_name="Tom", last_name="Kettering")
        assert found(manager, typed) == [recorded]

    def test_a_misspelling_does_not_find_names_said_differently(self, manager):
        make_child(manager, first_name="Ruby", last_name="Ashworth")
        assert found(manager, "Zebedee") == []
        assert found(manager, "Ruby Smyth") == []

    def test_a_former_name_finds_the_child_under_their_current_name(self, manager):
        make_child(
            manager, first_name="Ella", last_name="Brook", former_names=[("Ella", "Quinton")]
        )
        make_child(manager, first_name="Tom", last_name="Kettering")
        assert found(manager, "Quinton") == ["Ella Brook"]
        assert found(manager, "quin") == ["Ella Brook"]
        assert found(manager, "Quintin") == ["Ella Brook"]  # misspelt former name
        assert found(manager, "Ella Quinton") == ["Ella Brook"]  # current and former mixed

    def test_an_alias_added_later_is_searched_too(self, manager):
        child = make_child(manager, first_name="Ruby", last_name="Ashworth")
        PersonName.objects.create(
            person=child, first_name="Rubes", last_name="Clegg", kind=PersonName.Kind.ALIAS
        )
        assert found(manager, "Clegg") == ["Ruby Ashworth"]
        assert found(manager, "Klegg") == ["Ruby Ashworth"]

    def test_adults_are_not_children(self, manager):
        record_adult(
            first_name="Mary",
            last_name="Ashworth",
            date_of_birth=dt.date(1985, 1, 1),
            recorded_by=manager.user,
        )
        make_child(manager, first_name="Ruby", last_name="Ashworth")
        assert found(manager, "Ashworth") == ["Ruby Ashworth"]


class TestOrdering:
    def test_exact_names_come_before_partial_former_and_sound_alike_ones(self, manager):
        for first, last, former in [
            ("Abe", "Smyth", []),  # sounds alike
            ("Bea", "Brook", [("Bea", "Smythe")]),  # former name sounds alike
            ("Cal", "Nesmith", []),  # contains
            ("Dot", "Jones", [("Dot", "Smith")]),  # former name
            ("Eve", "Smithson", []),  # starts with
            ("Zak", "Smith", []),  # exact
            ("Amy", "Smith", []),  # exact
            ("Tom", "Kettering", []),  # no match
        ]:
            make_child(manager, first_name=first, last_name=last, former_names=former)
        assert found(manager, "Smith") == [
            "Amy Smith",
            "Zak Smith",
            "Eve Smithson",
            "Cal Nesmith",
            "Dot Jones",
            "Abe Smyth",
            "Bea Brook",
        ]

    def test_the_best_match_on_every_word_comes_first(self, manager):
        make_child(manager, first_name="Ruby", last_name="Smyth")
        make_child(manager, first_name="Rubi", last_name="Smith")
        make_child(manager, first_name="Ruby", last_name="Smith")
        assert found(manager, "ruby smith")[0] == "Ruby Smith"

    def test_children_with_the_same_name_are_ordered_by_date_of_birth(self, manager):
        for year in (2016, 2012, 2014):
            make_child(
                manager, first_name="Ava", last_name="Lund", date_of_birth=dt.date(year, 5, 1)
            )
        results = search_children(manager.user, text="Lund")
        assert [c.date_of_birth.year for c in results] == [2012, 2014, 2016]

    def test_at_most_the_limit_is_returned(self, manager, monkeypatch):
        monkeypatch.setattr(selectors, "SEARCH_LIMIT", 3)
        for _ in range(4):
            make_child(manager, last_name="Fenwick")
        assert len(found(manager, "Fenwick")) == 3


# --- Dates of birth and identifiers ----------------------------------------------------------


class TestDatesAndIdentifiers:
    @pytest.fixture
    def ruby(self, manager):
        make_child(manager, first_name="Amy", last_name="Lund", date_of_birth=dt.date(2016, 3, 27))
        make_child(manager, first_name="Ruby", last_name="Lund", date_of_birth=dt.date(2016, 3, 28))
        return make_child(
            manager, first_name="Ruby", last_name="Ashworth", date_of_birth=dt.date(2016, 3, 27)
        )

    @pytest.mark.parametrize("typed", ["27/3/2016", "27-03-2016", "27.3.2016", "27 3 2016"])
    def test_a_date_of_birth_typed_into_the_box(self, manager, ruby, typed):
        assert found(manager, typed) == ["Ruby Ashworth", "Amy Lund"]

    @pytest.mark.parametrize("typed", ["Ruby 27/3/2016", "27/03/2016 ruby", "Ruby 2016-03-27"])
    def test_a_name_and_date_of_birth_typed_together(self, manager, ruby, typed):
        assert found(manager, typed) == ["Ruby Ashworth"]

    def test_the_date_of_birth_box_with_a_name(self, manager, ruby):
        assert found(manager, "Lund", date_of_birth=dt.date(2016, 3, 27)) == ["Amy Lund"]
        assert found(manager, date_of_birth=dt.date(2016, 3, 28)) == ["Ruby Lund"]

    def test_an_impossible_date_finds_nobody(self, manager, ruby):
        assert found(manager, "31/2/2016") == []

    def test_typed_dates_are_read_day_first(self):
        assert parse_typed_date("5/11/2014") == dt.date(2014, 11, 5)
        assert parse_typed_date("5 11 2014") == dt.date(2014, 11, 5)
        assert parse_typed_date("31/2/2014") is None
        assert parse_typed_date("Ruby 5/11/2014") is None
        assert split_typed_date("Ruby 5/11/2014 Lund") == ("Ruby   Lund", dt.date(2014, 11, 5))
        assert split_typed_date("Ruby") == ("Ruby", None)

    def test_upn_nhs_number_and_local_id_however_typed(self, manager):
        upn, nhs = make_upn("999", 4242), make_nhs_number(77)
        child = make_child(manager, first_name="Ivy", last_name="Marlow", upn=upn, nhs_number=nhs)
        make_child(manager, first_name="Ivy", last_name="Marlowe")
        number = int(child.local_id[3:])
        for typed in [
            upn,
            upn.lower(),
            f"{upn[:4]} {upn[4:]}",
            nhs,
            f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}",
            child.local_id,
            child.local_id.lower(),
            f"JNY{number}",
            f"jny {number}",
        ]:
            assert found(manager, typed) == ["Ivy Marlow"], typed

    def test_a_former_upn_finds_the_child(self, manager):
        old, new = make_upn("999", 11), make_upn("999", 12)
        child = make_child(manager, first_name="Ivy", last_name="Marlow", upn=new)
        Person.objects.filter(pk=child.pk).update(former_upn=old)
        assert found(manager, old) == ["Ivy Marlow"]

    def test_nothing_typed_finds_nobody(self, manager):
        make_child(manager)
        assert found(manager, "   ") == []
        assert found(manager, " , ") == []


# --- Closed cases and visibility -------------------------------------------------------------


class TestVisibility:
    def test_closed_cases_are_found_as_easily_as_open_ones(self, manager):
        open_child = make_child(manager, first_name="Noah", last_name="Fenwick")
        closed_child = make_child(manager, first_name="Nia", last_name="Fenwick")
        make_child(manager, first_name="Ned", last_name="Fenwick")  # never had an episode
        make_episode(open_child, manager)
        episode = make_episode(
            closed_child, manager, started_on=timezone.localdate() - dt.timedelta(days=300)
        )
        case_services.close_episode(
            episode,
            ended_on=timezone.localdate() - dt.timedelta(days=5),
            reason="RC8",
            note="Needs met; the family agreed to close.",
            closed_by=manager.user,
        )
        results = list(search_children(manager.user, text="Fenwik"))
        assert names(results) == ["Ned Fenwick", "Nia Fenwick", "Noah Fenwick"]
        open_work = {c.first_name: len(c.open_episodes) for c in results}
        assert open_work == {"Ned": 0, "Nia": 0, "Noah": 1}

    def test_children_the_user_may_not_see_are_not_found(self, council, sc_child, eh_child):
        assert found(council["social_worker"], "Ashworth") == ["Ruby Ashworth"]
        assert found(council["other_social_worker"], "Ashworth") == []
        assert found(council["practitioner"], "Ashwerth") == []
        assert found(council["practitioner"], "Penington") == ["Oscar Pennington"]
        assert found(council["complaints_officer"], "Ashworth") == []

    @pytest.mark.parametrize("role", ["social_worker", "head_of_service", "assistant_director"])
    def test_a_restricted_child_needs_a_grant_by_any_search(self, council, sc_child, role):
        sc_child.is_restricted = True
        sc_child.save()
        user = council[role].user
        searches = [
            {"text": "Ruby"},
            {"text": "Ashwerth"},
            {"text": sc_child.local_id},
            {"date_of_birth": sc_child.date_of_birth},
        ]
        for search in searches:
            assert list(search_children(user, **search)) == [], search
        RecordGrant.objects.create(
            user=user, child=sc_child, reason="Allocated", granted_by=council["team_manager"].user
        )
        for search in searches:
            assert names(search_children(user, **search)) == ["Ruby Ashworth"], search

    def test_the_search_page_shows_what_tells_similar_children_apart(self, manager, signed_in):
        child = make_child(
            manager,
            first_name="Ruby",
            last_name="Smith",
            date_of_birth=dt.date(2016, 3, 27),
            address_area="Ashby Vale",
        )
        make_episode(child, manager)
        page = signed_in(manager).get(reverse("search"), {"q": "Smyth"}).content.decode()
        assert "1 child found" in page
        assert "27 March 2016" in page and "Ashby Vale" in page and child.local_id in page
        assert "Child in Need and Protection" in page


# --- Cost ------------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_matches(council, manager):
    def count(text: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            results = list(search_children(manager.user, text=text))
        return len(queries), len(results)

    child = make_child(manager, last_name="Fenwick")
    make_episode(child, manager)
    before, matched = count("Fenwick")
    assert matched == 1
    for n in range(6):
        kid = make_child(
            manager,
            last_name="Fenwick" if n % 2 else "Brook",
            former_names=[("Ann", "Fenwicke")],
        )
        make_episode(kid, manager, allocate_to=council["social_worker"])
    after, matched = count("Fenwick")
    assert matched == 7
    assert after == before, f"{before} queries before, {after} after"
    # The children (visibility, names and rank in one), their open episodes, their NHS number's
    # match status.
    assert before == 3


# --- The data: the demo generator and the migration fill the keys ----------------------------


def test_the_demo_council_has_keys_and_its_children_are_found_misspelt(tiny_council):
    for model in (Person, PersonName):
        rows = model.objects.all()
        assert rows.exists()
        assert not rows.filter(first_name_key="").exists()
        assert not rows.filter(last_name_key="").exists()
        sample = rows.order_by("pk").first()
        assert sample.last_name_key == name_key(sample.last_name)
    director = get_user_model().objects.get(username="assistant.director")
    child = Person.objects.children().filter(is_restricted=False).order_by("pk").first()
    misspelt = child.last_name[:-1] + child.last_name[-1] * 2  # Smith -> Smithh
    results = search_children(director, text=f"{child.first_name} {misspelt}")
    assert child in list(results)


def test_the_migration_fills_the_keys_of_existing_rows(manager):
    migration = importlib.import_module("journey.people.migrations.0002_name_keys")
    make_child(manager, first_name="Ruby", last_name="Smyth", former_names=[("Ruby", "Lo")])
    make_child(manager, first_name="Amy", last_name="Smyth")
    Person.objects.update(first_name_key="", last_name_key="")
    PersonName.objects.update(first_name_key="", last_name_key="")
    migration.fill_name_keys(django_apps, SimpleNamespace(connection=connection))
    assert set(Person.objects.values_list("first_name_key", "last_name_key")) == {
        ("RB", "SM0"),
        ("AM", "SM0"),
    }
    assert list(PersonName.objects.values_list("first_name_key", "last_name_key")) == [("RB", "L")]
    assert found(manager, "Smith") == ["Amy Smyth", "Ruby Smyth"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_postgresql_has_trigram_indexes_for_part_of_a_name(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {
        "people_person_first_name_trgm",
        "people_person_last_name_trgm",
        "people_personname_first_name_trgm",
        "people_personname_last_name_trgm",
    }
    assert all("gin_trgm_ops" in d and "upper(" in d for d in indexes.values())


def test_the_visibility_rules_have_covering_indexes(db):
    """Made by people/0004 for search: the team's decisions and episodes, read from the index."""
    with connection.cursor() as cursor:
        for table, name, columns in [
            (
                "cases_thresholddecision",
                "cases_td_decided_by_child_idx",
                ["decided_by_id", "child_id"],
            ),
            ("cases_episode", "cases_episode_team_child_idx", ["team_id", "child_id"]),
        ]:
            index = connection.introspection.get_constraints(cursor, table)[name]
            assert index["index"] and index["columns"] == columns
