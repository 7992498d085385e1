"""What each kind of job does, run by the worker (`tasks.run_job`): each takes the job and its
progress reporter and returns what it leaves (`services.Finished`).

The person's right to ask was checked when they asked (the census and Annex A by role, the
chronology by `open_child_record`); the work does not check it again. It does read the
chronology as that person may see it: what they may see is what is printed."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from journey.background.models import Job
from journey.background.services import Export, Finished, Progress
from journey.core.templatetags.govuk import counted, user_name
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
    child = Person.objects.get(pk=job.params["child"])
    progress(f"Printing {counted(job.params['entries'], 'entry', 'entries')}", 0, None)
    pdf = print_chronology(child, job.requested_by, QueryDict(job.params["query"]))
    return Finished(
        file=ContentFile(pdf),
        file_name=chronology_file_name(child),
        content_type="application/pdf",
    )


def print_chronology(child: Person, user: AbstractBaseUser, query: QueryDict) -> bytes:
    """The chronology as the user may see it, filtered as the query asks, as a PDF."""
    from weasyprint import HTML

    from journey.chronology import selectors
    from journey.chronology.forms import ChronologyFilterForm

    form = ChronologyFilterForm(query or None, **selectors.filter_choices(child, user))
    html = render_to_string("chronology/print.html", chronology_print(child, user, form))
    return HTML(string=html).write_pdf()


def chronology_print(child: Person, user: AbstractBaseUser, form) -> dict:
    """What a chronology print shows: the entries the user may see, filtered by the form (at
    most PRINT_LIMIT), for the print template, here and in the chronology's own view."""
    from journey.chronology import selectors
    from journey.chronology.views import PRINT_LIMIT

    chronology_filter = form.to_filter()
    entries = list(
        selectors.chronology_for(child, user, chronology_filter).select_related("episode")[
            :PRINT_LIMIT
        ]
    )
    dated = [e.occurred_at for e in entries]
    return {
        "child": child,
        "entries": entries,
        "filter": chronology_filter,
        "filter_form": form,
        "first": min(dated) if dated else None,
        "last": max(dated) if dated else None,
        "printed_by": user_name(user),
        "printed_at": timezone.now(),
        "limited": len(entries) == PRINT_LIMIT,
    }


def chronology_file_name(child: Person) -> str:
    return f"chronology-{child.local_id}-{timezone.localdate():%Y-%m-%d}.pdf"


WORK: dict[str, Callable[[Job, Progress], Finished]] = {
    Job.Kind.CENSUS_FILE_CHECK: census_file,
    Job.Kind.CENSUS_IMPORT: census_file,
    Job.Kind.CENSUS_CHECK: census_check,
    Job.Kind.ANNEX_A: annex_a,
    Job.Kind.CHRONOLOGY_PDF: chronology_pdf,
}
