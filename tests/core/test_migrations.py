"""Every model change has its migration: a council upgrading Journey gets the schema the code
expects."""

import io

from django.core.management import call_command


def test_the_migrations_describe_the_models(db):
    out = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out)
    except SystemExit:
        raise AssertionError(f"A model changed without a migration:\n{out.getvalue()}") from None
    assert "No changes detected" in out.getvalue()
