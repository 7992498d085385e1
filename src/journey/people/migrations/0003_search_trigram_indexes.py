"""PostgreSQL only: trigram indexes so that "part of a name" search does not scan every person.

Django's icontains and istartswith on PostgreSQL are ``UPPER("col"::text) LIKE UPPER(%s)``, so
the GIN trigram indexes are on exactly that expression. SQLite has no pg_trgm; there the same
search runs as a scan, which is fine at the sizes SQLite is used for.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("people_person_first_name_trgm", "people_person", "first_name"),
    ("people_person_last_name_trgm", "people_person", "last_name"),
    ("people_personname_first_name_trgm", "people_personname", "first_name"),
    ("people_personname_last_name_trgm", "people_personname", "last_name"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )
    for table in ("people_person", "people_personname"):
        schema_editor.execute(f'ANALYZE "{table}"')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0002_name_keys")]

    operations = [
        # CreateExtension does nothing on databases other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
