"""Running the CIN census import for a person (the import page) or the command line, and
keeping a record of every run (`CensusImport`).

The import itself is `importer.import_census`: all or nothing, streamed from the file and
written a chunk at a time. Its records are written by the "imported" worker, a team manager in
the chosen team, created on first use (by a check too), inactive and without a password, so
imported records say where they came from; the run says who started it.

The import page runs it in the background (`journey.background`); the command runs it in place.
"""

from __future__ import annotations

import hashlib
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.core.templatetags.govuk import user_name
from journey.people.models import Agency
from journey.reporting.census.importer import ImportResult, Progress, import_census
from journey.reporting.models import CensusImport
from journey.workforce.models import Role, Service, Team, Worker

IMPORT_USERNAME = "imported"


def max_upload_bytes() -> int:
    """The largest file the import page accepts (JOURNEY_MAX_UPLOAD_MB)."""
    return settings.JOURNEY_MAX_UPLOAD_MB * 1024 * 1024


def imported_worker(team: Team) -> Worker:
    """The worker imported records are written by (created on first use)."""
    user, created = get_user_model().objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={"first_name": "Imported", "last_name": "record", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    worker = Worker.objects.filter(user=user).first()
    if worker is None:
        agency = Agency.objects.filter(kind=Agency.Kind.COUNCIL).first()
        if agency is None:
            raise ValidationError("No council agency is set up: the imported worker needs one.")
        worker = Worker.objects.create(
            user=user,
            role=Role.TEAM_MANAGER,
            team=team,
            agency=agency,
            job_title="Records imported from a previous system",
            is_active=False,
        )
    return worker


def check_import_team(team: Team) -> None:
    if team.service.kind != Service.Kind.SOCIAL_CARE or not team.is_active:
        raise ValidationError(
            {"team": "Choose an active children's social care team: the return's work is theirs"}
        )


def _fingerprint(source: IO[bytes]) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    for block in iter(lambda: source.read(1024 * 1024), b""):
        digest.update(block)
        size += len(block)
    source.seek(0)
    return size, digest.hexdigest()


def run_census_import(
    source: IO[bytes],
    *,
    file_name: str,
    team: Team,
    run_by: User | None,
    run_by_name: str = "",
    check_only: bool,
    progress: Progress | None = None,
) -> tuple[CensusImport, ImportResult]:
    """Import (or only check) a return, and record the run whatever its outcome.

    The import commits a chunk of children at a time (see `importer`), so this is not wrapped in
    a transaction: that would hold the database's write lock for the whole import."""
    check_import_team(team)
    size, sha256 = _fingerprint(source)
    with transaction.atomic():
        worker = imported_worker(team)
    result = import_census(
        source, imported_by=worker, team=team, dry_run=check_only, progress=progress
    )
    name = run_by_name or user_name(run_by)
    run = CensusImport.objects.create(
        file_name=file_name[:255],
        file_bytes=size,
        file_sha256=sha256,
        team=team,
        run_by=run_by,
        run_by_name=name,
        run_at=timezone.now(),
        check_only=check_only,
        children=result.children,
        episodes=result.episodes,
        # Saved partway only when someone changed Journey between the trial and the import.
        saved=result.saved or bool(result.person_ids),
        problems=[
            {"reason": p.reason, "line": p.line, "child": p.la_child_id} for p in result.problems
        ],
    )
    return run, result
