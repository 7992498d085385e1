"""The one background task: run a job (`work.WORK` by its kind) and record how it ended.

Queued by `services.start_job` on django-tasks' database backend and run by its worker,
`python manage.py db_worker`. A refusal from a service (a ValidationError) fails the job with
its message; anything else fails it with a plain message (the traceback stays in the task
result and the log), so the person who asked never sees a server error."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django_tasks import task

from journey.background import services
from journey.background.work import WORK

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Journey stopped this because of a fault of its own, not because of anything you asked. "
    "Try again; if it stops again, tell the service desk, giving them the number of this job: "
    "{job}."
)


@task()
def run_job(job_id: int) -> str:
    job = services.mark_running(job_id)
    if job is None:
        return "not waiting"
    try:
        services.finish_job(job, WORK[job.kind](job, services.Progress(job)))
    except ValidationError as error:
        services.fail_job(job, " ".join(error.messages))
    except BaseException:
        logger.exception("Background job %s (%s) failed", job.pk, job.kind)
        services.fail_job(job, UNEXPECTED.format(job=job.pk))
        raise
    finally:
        services.discard_upload(job)
    return "finished"
