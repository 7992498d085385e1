"""Separation of duties (R13; issue 12 finding 2). The administrator manages teams and workers
but cannot change their own record or give anyone case access alone: a role that sees case data,
or a move to another team, takes effect only when an assistant director approves it, and both
steps are kept. No superuser or staff shortcut opens case data or the returns."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from journey.access.administrators import administrators_group
from journey.access.rules import visible_children
from journey.core.models import AccessEvent
from journey.workforce import services
from journey.workforce.models import Role, RoleChange, Worker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
REASON = "Moving to the duty team to cover the winter rota"


@pytest.fixture
def admin_user(council):
    """The council's administrator: staff in the Administrators group, never a superuser."""
    user = council["administrator"].user
    user.is_staff = True
    user.save()
    administrators_group().user_set.add(user)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def worker_form(worker: Worker, **changes) -> dict:
    data = {
        "user": worker.user_id,
        "role": worker.role,
        "team": worker.team_id or "",
        "service": worker.service_id or "",
        "agency": worker.agency_id,
        "job_title": worker.job_title,
        "caseload_limit": "",
        "is_active": "on" if worker.is_active else "",
        "change_reason": "",
    }
    data.update(changes)
    return data


def change_url(worker: Worker) -> str:
    return reverse("admin:workforce_worker_change", args=[worker.pk])


def test_the_administrator_cannot_change_their_own_worker_record(admin_client, council, eh_child):
    me = council["administrator"]
    response = admin_client.post(
        change_url(me), worker_form(me, role=Role.ASSISTANT_DIRECTOR, change_reason=REASON)
    )
    assert response.status_code == 403
    me.refresh_from_db()
    assert me.role == Role.ADMINISTRATOR and not RoleChange.objects.exists()
    assert not visible_children(me.user).exists()


def test_a_role_that_sees_case_data_waits_for_an_assistant_directors_approval(
    admin_client, council, client, eh_child
):
    officer = council["complaints_officer"]
    response = admin_client.post(
        change_url(officer),
        worker_form(officer, role=Role.ASSISTANT_DIRECTOR, change_reason=REASON),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.COMPLAINTS_OFFICER  # nothing has changed yet
    assert not visible_children(officer.user).exists()
    change = RoleChange.objects.get()
    assert (change.to_role, change.from_role, change.reason) == (
        Role.ASSISTANT_DIRECTOR,
        Role.COMPLAINTS_OFFICER,
        REASON,
    )
    assert change.requested_by == council["administrator"].user and change.is_pending

    client.force_login(council["assistant_director"].user)
    page = client.get(reverse("role_changes")).content.decode()
    assert officer.name in page and REASON in page
    decided = client.post(reverse("role_change", args=[change.pk]), {"decision": "approve"})
    assert decided.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.ASSISTANT_DIRECTOR
    assert visible_children(officer.user).filter(pk=eh_child.pk).exists()
    change.refresh_from_db()
    assert change.decided_by == council["assistant_director"].user
    assert "Approved" in client.get(reverse("role_changes")).content.decode()


def test_a_move_to_another_team_needs_a_reason_and_approval(admin_client, council):
    worker = council["social_worker"]
    form = worker_form(worker, team=council.other_sc_team.pk)
    response = admin_client.post(change_url(worker), form)
    assert response.status_code == 200
    assert "Enter the reason for the change" in response.content.decode()
    worker.refresh_from_db()
    assert worker.team == council.sc_team and not RoleChange.objects.exists()


def test_a_new_worker_in_a_case_role_is_inactive_until_approved(admin_client, council):
    user = UserFactory(username="new.worker")
    agency = council["social_worker"].agency
    new = Worker(user=user, role=Role.SOCIAL_WORKER, team=council.sc_team, agency=agency)
    data = worker_form(new, change_reason=REASON)
    data["is_active"] = "on"
    response = admin_client.post(reverse("admin:workforce_worker_add"), data)
    assert response.status_code == 302
    added = Worker.objects.get(user=user)
    assert not added.is_active and RoleChange.objects.get(worker=added).activates
    services.approve_role_change(RoleChange.objects.get(), by=council["assistant_director"].user)
    added.refresh_from_db()
    assert added.is_active and added.role == Role.SOCIAL_WORKER


def test_only_an_assistant_director_approves_and_never_their_own_or_what_they_asked(
    council, client
):
    head = council["head_of_service"]
    change = services.request_role_change(
        council["assistant_director"],
        services.Placement(Role.HEAD_OF_SERVICE, service=head.service),
        reason=REASON,
        requested_by=council["administrator"].user,
    )
    for role in ("administrator", "head_of_service", "qa_officer"):
        client.force_login(council[role].user)
        assert client.get(reverse("role_changes")).status_code == 403
        assert (
            client.post(
                reverse("role_change", args=[change.pk]), {"decision": "approve"}
            ).status_code
            == 403
        )
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DENIED).count() == 6

    client.force_login(council["assistant_director"].user)
    response = client.post(reverse("role_change", args=[change.pk]), {"decision": "approve"})
    assert response.status_code == 200
    assert "You cannot decide a change to your own role" in response.content.decode()
    change.refresh_from_db()
    assert change.is_pending
    assert council["assistant_director"].role == Role.ASSISTANT_DIRECTOR


def test_whoever_asked_cannot_approve_and_a_decline_needs_a_note(council):
    ad = council["assistant_director"]
    change = services.request_role_change(
        council["qa_officer"],
        services.Placement(Role.TEAM_MANAGER, team=council.sc_team),
        reason=REASON,
        requested_by=ad.user,
    )
    with pytest.raises(ValidationError, match="someone else must decide"):
        services.approve_role_change(change, by=ad.user)
    other_ad = Worker.objects.create(
        user=UserFactory(), role=Role.ASSISTANT_DIRECTOR, agency=ad.agency
    )
    with pytest.raises(ValidationError) as refused:
        services.decline_role_change(change, by=other_ad.user, note="")
    assert "note" in refused.value.message_dict
    services.decline_role_change(change, by=other_ad.user, note="Not until the DBS is back")
    assert RoleChange.objects.get().status == RoleChange.Status.DECLINED
    assert Worker.objects.get(pk=council["qa_officer"].pk).role == Role.QA_OFFICER


def test_an_administrator_cannot_make_anyone_a_superuser(admin_client, council):
    target = council["practitioner"].user
    form = admin_client.get(reverse("admin:auth_user_change", args=[target.pk])).content.decode()
    assert 'name="is_superuser"' not in form and 'name="groups"' not in form
    own = reverse("admin:auth_user_change", args=[council["administrator"].user.pk])
    assert admin_client.post(own, {"username": "admin", "is_superuser": "on"}).status_code == 403
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_access_log_is_not_the_administrators(admin_client):
    assert admin_client.get(reverse("admin:core_accessevent_changelist")).status_code == 403


def test_a_superuser_without_a_case_role_sees_no_child_and_no_return(client, council, eh_child):
    boss = User.objects.create_superuser("breakglass", password="long-enough-password-1")
    client.force_login(boss)
    assert not visible_children(boss).exists()
    assert client.get(reverse("child", args=[eh_child.pk])).status_code == 403
    assert client.get(reverse("census")).status_code == 403
    assert client.get(reverse("annex_a")).status_code == 403
    assert client.get(reverse("census_import")).status_code == 403
    log = client.get(reverse("admin:core_accessevent_changelist")).content.decode()
    assert "Oscar" not in log and "Pennington" not in log


def test_a_worker_record_keeps_its_sign_in(admin_client, council):
    """Moving the assistant director's worker record to a sign-in the administrator made would
    hand them the director's access with nothing to approve."""
    shadow = UserFactory(username="shadow")
    director = council["assistant_director"]
    admin_client.post(change_url(director), worker_form(director, user=shadow.pk))
    director.refresh_from_db()
    assert director.user == council["assistant_director"].user
    assert not Worker.objects.filter(user=shadow).exists()


@pytest.mark.parametrize("role", ["assistant_director", "social_worker", "performance_officer"])
def test_an_administrator_cannot_change_or_reset_the_password_of_a_case_sign_in(
    admin_client, council, role
):
    target = council[role].user
    before = target.password
    assert admin_client.get(reverse("admin:auth_user_change", args=[target.pk])).status_code in (
        200,
        403,
    )
    password = reverse("admin:auth_user_password_change", args=[target.pk])
    new = {"password1": "a-long-new-password-9", "password2": "a-long-new-password-9"}
    assert admin_client.post(password, new).status_code == 403
    target.refresh_from_db()
    assert target.password == before


def test_an_administrator_may_still_set_up_a_sign_in_without_case_access(admin_client, council):
    fresh = UserFactory(username="new.starter")
    form = admin_client.get(reverse("admin:auth_user_change", args=[fresh.pk]))
    assert form.status_code == 200 and 'name="username"' in form.content.decode()
