"""What each kind of job does, run by the worker (`tasks.run_job`): each takes the job and its
progress reporter and returns what it leaves (`services.Finished`).

The person's right to ask was checked when they asked (the census and Annex A by role, the
chronology by `open_child_record`); the work does not check it again. It does read the
chronology as that person may see it: what they may see is what is printed."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable

from django.core.files import File
from django.core.files.base import ContentFile
from django.http import QueryDict

from journey.background.models import Job
from journey.background.services import Export, Finished, Progress
from journey.core.templatetags.govuk import counted
from journey.people.models import Person
from journey.reporting.annex_a import lists
from journey.reporting.annex_a.workbook import filename, write_workbook
from journey.reporting.census import checks
from journey.reporting.census.collection import Collection
from journey.reporting.census.import_runs import run_census_import
from journey.workforce.models import Team

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def census_file(job: Job, progress: Progress) -> Finished:
    """Check or import an uploaded return; the run page shows what was found."""
    team = Team.objects.select_related("service").get(pk=job.params["team"])
    with job.upload.open("rb") as source:
        run, _result = run_census_import(
            source,
            file_name=job.params["file_name"],
            team=team,
            run_by=job.requested_by,
            check_only=job.kind == Job.Kind.CENSUS_FILE_CHECK,
            progress=progress,
        )
    return Finished(outcome={"run": run.pk})


def census_check(job: Job, progress: Progress) -> Finished:
    """Check the collection's records; the census page shows what was found."""
    collection = Collection(job.params["year"])
    done = checks.check_census(collection, checked_by=job.requested_by, progress=progress)
    found = (
        f"{counted(done.children, 'child', 'children')}, {counted(done.errors, 'error')} and "
        f"{counted(done.queries, 'query', 'queries')}"
    )
    message = f"The {collection.label} records are checked: {found}."
    return Finished(outcome={"year": collection.year, "check": done.pk, "message": message})


def annex_a(job: Job, progress: Progress) -> Finished:
    """The workbook for the period, and every child it names logged as exported."""
    period = lists.Period(
        dt.date.fromisoformat(job.params["start"]), dt.date.fromisoformat(job.params["end"])
    )
    progress("Writing the workbook", 0, None)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed once kept)
    write_workbook(period, spool)
    progress("Keeping the workbook for you", 0, None)
    spool.seek(0)
    return Finished(
        file=File(spool),
        file_name=filename(period),
        content_type=XLSX,
        export=Export(
            sorted(lists.child_ids(period)),
            what=f"Ofsted Annex A workbook, {period.start:%-d %B %Y} to {period.end:%-d %B %Y}",
        ),
    )


def chronology_pdf(job: Job, progress: Progress) -> Finished:
    """The long chronology print (its printing was logged when it was asked for)."""
    from journey.chronology import printing

    child = Person.objects.get(pk=job.params["child"])
    progress(f"Printing {counted(job.params['entries'], 'entry', 'entries')}", 0, None)
    pdf = printing.print_chronology(child, job.requested_by, QueryDict(job.params["query"]))
    return Finished(
        file=ContentFile(pdf),
        file_name=printing.file_name(child),
        content_type="application/pdf",
    )


WORK: dict[str, Callable[[Job, Progress], Finished]] = {
    Job.Kind.CENSUS_FILE_CHECK: census_file,
    Job.Kind.CENSUS_IMPORT: census_file,
    Job.Kind.CENSUS_CHECK: census_check,
    Job.Kind.ANNEX_A: annex_a,
    Job.Kind.CHRONOLOGY_PDF: chronology_pdf,
}
