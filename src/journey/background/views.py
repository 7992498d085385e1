"""Your downloads and imports: the list of a person's own background jobs, each job's progress
page (refreshing itself while the work runs, with no script), and the file it produced.

Only the person who asked may open a job or its file (`access.background.may_open_job`);
anyone else is refused with a 403 and the refusal is logged."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from journey.access.background import may_open_job
from journey.access.log import log_access
from journey.background import selectors
from journey.background.models import Job
from journey.core.models import AccessEvent

#: How often a progress page reloads itself while the work runs.
REFRESH_SECONDS = 3
#: Unfinished work that has not moved for this long is said to be stuck (the worker may be down).
STALLED_AFTER = dt.timedelta(minutes=15)


def _open_job(request: HttpRequest, job_id: int) -> Job:
    job = selectors.job(job_id)
    access = may_open_job(request.user, job)
    if not access.allowed:
        log_access(request, None, AccessEvent.Action.DENIED, access.reason)
        raise PermissionDenied(access.reason)
    return job


def job_list(request: HttpRequest) -> HttpResponse:
    listed = selectors.jobs_for(request.user)[: selectors.LISTED]
    return render(
        request,
        "background/jobs.html",
        {"jobs": listed, "keep_days": settings.JOURNEY_KEEP_DOWNLOADS_DAYS},
    )


@never_cache
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's progress; once done, its result (the import run or census page) or download."""
    job = _open_job(request, job_id)
    if job.status == Job.Status.DONE and not job.result_name:
        if message := job.outcome.get("message"):
            messages.success(request, message)
        return redirect(job.result_url())
    stalled = not job.finished and timezone.now() - job.updated_at > STALLED_AFTER
    response = render(
        request,
        "background/job.html",
        {
            "job": job,
            "refresh": None if job.finished else REFRESH_SECONDS,
            "stalled_minutes": STALLED_AFTER.seconds // 60 if stalled else None,
            "keep_days": settings.JOURNEY_KEEP_DOWNLOADS_DAYS,
        },
    )
    if not job.finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@never_cache
def job_file(request: HttpRequest, job_id: int) -> FileResponse:
    job = _open_job(request, job_id)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404("There is no file to download yet.")
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_type,
    )
