"""Reads for the background pages: a person's own jobs, newest first."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from journey.background.models import Job

LISTED = 50


def jobs_for(user: User) -> QuerySet[Job]:
    """The user's jobs, newest first (the list shows the latest LISTED)."""
    return Job.objects.filter(requested_by=user).order_by("-created_at", "-pk")


def job(job_id: int) -> Job:
    return get_object_or_404(Job, pk=job_id)
