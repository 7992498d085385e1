"""What an administrator may do in /admin/: manage services, teams, workers, agencies and
sign-ins, through the Administrators group (its migration makes it). Administrators are staff,
never superusers; case data, returns and the access log are not theirs (R13, DESIGN §5)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

GROUP = "Administrators"
#: (app label, model) -> the actions the group may take on it. Keep in step with the migration.
ADMINISTERED = {
    ("workforce", "service"): ["view", "add", "change"],
    ("workforce", "team"): ["view", "add", "change"],
    ("workforce", "worker"): ["view", "add", "change"],
    ("people", "agency"): ["view", "add", "change"],
    ("people", "professional"): ["view", "add", "change"],
    ("auth", "user"): ["view", "add", "change"],
}


def administrators_group() -> Group:
    """The group, with exactly its permissions (made again after a test database flush)."""
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = Q(pk__in=[])
    for (app_label, model), actions in ADMINISTERED.items():
        codenames = [f"{action}_{model}" for action in actions]
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(Permission.objects.filter(wanted))
    return group
