"""Every write to a background job: asking for the work (the job and its queued task together),
its progress, and its end (done, with what it produced, or failed, with why).

Progress is written by the worker between the work's own transactions, a statement at a time, at
most every PROGRESS_EVERY seconds, so the page someone is watching moves and the database's write
lock is never held for it."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from journey.access.log import log_export
from journey.background.models import Job
from journey.core.models import AccessEvent
from journey.people.models import Person
from journey.reporting.census.collection import Collection
from journey.workforce.models import Team

PROGRESS_EVERY = 1.0  # seconds


@dataclass(frozen=True)
class Export:
    """The children a produced file names, logged as exported when it is produced."""

    child_ids: Iterable[int]
    what: str
    action: str = AccessEvent.Action.EXPORT


@dataclass
class Finished:
    """What finished work leaves: where its result is, or the file it produced."""

    outcome: dict = field(default_factory=dict)
    file: File | None = None
    file_name: str = ""
    content_type: str = ""
    export: Export | None = None


# --- Asking ---------------------------------------------------------------------------------


def start_job(
    *,
    kind: str,
    title: str,
    requested_by: User,
    params: dict,
    upload: UploadedFile | None = None,
) -> Job:
    """Record the job and queue its task in one transaction: the worker sees both or neither.

    An upload is moved (or streamed) into private storage first, and removed if that fails."""
    from journey.background.tasks import run_job

    job = Job(kind=kind, title=title[:200], requested_by=requested_by, params=params)
    if upload is not None:
        job.upload.save(f"{uuid.uuid4().hex}.upload", upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            job.task_result_id = str(run_job.enqueue(job.pk).id)
            job.save(update_fields=["task_result_id"])
    except BaseException:
        if job.upload:
            job.upload.delete(save=False)
        raise
    return job


def start_census_file(upload: UploadedFile, *, team: Team, check_only: bool, by: User) -> Job:
    kind = Job.Kind.CENSUS_FILE_CHECK if check_only else Job.Kind.CENSUS_IMPORT
    return start_job(
        kind=kind,
        title=f"{'Check' if check_only else 'Import'} {upload.name}",
        requested_by=by,
        params={"team": team.pk, "file_name": upload.name},
        upload=upload,
    )


def start_census_check(collection: Collection, *, by: User) -> Job:
    return start_job(
        kind=Job.Kind.CENSUS_CHECK,
        title=f"Check the CIN census records, {collection.label}",
        requested_by=by,
        params={"year": collection.year},
    )


def start_annex_a(start: dt.date, end: dt.date, *, by: User) -> Job:
    return start_job(
        kind=Job.Kind.ANNEX_A,
        title=f"Ofsted Annex A workbook, {start:%-d %B %Y} to {end:%-d %B %Y}",
        requested_by=by,
        params={"start": start.isoformat(), "end": end.isoformat()},
    )


def start_chronology_print(child: Person, *, by: User, query: str, entries: int) -> Job:
    named = f"restricted record {child.local_id}" if child.is_restricted else child.full_name
    return start_job(
        kind=Job.Kind.CHRONOLOGY_PDF,
        title=f"Chronology of {named} (PDF)",
        requested_by=by,
        params={"child": child.pk, "query": query, "entries": entries},
    )


# --- Running --------------------------------------------------------------------------------


def mark_running(job_id: int) -> Job | None:
    """The job, now running; None if it is not waiting (already run, or run by another worker)."""
    now = timezone.now()
    with transaction.atomic():
        started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=now, updated_at=now, stage="Starting"
        )
    if not started:
        return None
    return Job.objects.select_related("requested_by").get(pk=job_id)


class Progress:
    """Called by the work with its stage, how many are done and of how many (if it can tell);
    writes it for the progress page when the stage changes and otherwise every PROGRESS_EVERY
    seconds. Call it between transactions: inside one, nobody would see it until the end."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.pk
        self.stage = ""
        self.written_at = 0.0

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.written_at < PROGRESS_EVERY and done != total:
            return
        self.stage, self.written_at = stage, now
        with transaction.atomic():
            Job.objects.filter(pk=self.job_id).update(
                stage=stage[:200], done=done, total=total, updated_at=timezone.now()
            )


def finish_job(job: Job, finished: Finished) -> Job:
    """Keep what the work produced, log the export, and mark the job done, together."""
    if finished.file is not None:
        try:
            job.result.save(f"{uuid.uuid4().hex}.result", finished.file, save=False)
        finally:
            finished.file.close()
    try:
        with transaction.atomic():
            if finished.export is not None:
                log_export(
                    job.requested_by,
                    finished.export.child_ids,
                    path=job.get_absolute_url(),
                    what=finished.export.what,
                    action=finished.export.action,
                )
            job.status = Job.Status.DONE
            job.outcome = finished.outcome
            job.result_name = finished.file_name[:255]
            job.result_type = finished.content_type[:100]
            job.finished_at = job.updated_at = timezone.now()
            job.save()
    except BaseException:
        if job.result:
            job.result.delete(save=False)
        raise
    return job


def fail_job(job: Job, reason: str) -> None:
    """Mark the job failed, saying why in words for the person who asked."""
    now = timezone.now()
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=reason, finished_at=now, updated_at=now
        )


def discard_upload(job: Job) -> None:
    """The uploaded file is only needed while the work runs (the run keeps its fingerprint)."""
    if job.upload:
        job.upload.delete(save=False)
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(upload="")


def clear_old_files(finished_before: dt.datetime) -> int:
    """Remove the files of work finished before then (a workbook names a whole council's
    children); the job stays listed, saying the file was removed. Returns how many."""
    cleared = 0
    old = Job.objects.filter(finished_at__lt=finished_before).exclude(result="")
    for job in old.iterator():
        job.result.delete(save=False)
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(result="")
        cleared += 1
    return cleared
