"""The Administrators group: what an administrator may do in /admin/, and nothing more.

Administrators manage services, teams, workers, agencies and sign-ins (R13, DESIGN §5). They are
staff but never superusers; case data, returns and the access log are not theirs.
"""

from django.db import migrations

#: (app label, model) -> the permissions the group holds on it.
ADMINISTERED = {
    ("workforce", "service"): ["view", "add", "change"],
    ("workforce", "team"): ["view", "add", "change"],
    ("workforce", "worker"): ["view", "add", "change"],
    ("people", "agency"): ["view", "add", "change"],
    ("people", "professional"): ["view", "add", "change"],
    ("auth", "user"): ["view", "add", "change"],
}
GROUP = "Administrators"


def make_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for (app_label, model), actions in ADMINISTERED.items():
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("workforce", "0004_role_change"),
        ("people", "0004_details_corrections"),
    ]

    operations = [migrations.RunPython(make_group, migrations.RunPython.noop)]
