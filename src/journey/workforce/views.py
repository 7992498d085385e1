from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from journey.core.permissions import worker_for
from journey.workforce import selectors


def my_work(request: HttpRequest) -> HttpResponse:
    worker = worker_for(request.user)
    context = {"worker": worker, **(selectors.my_work(worker, request.user) if worker else {})}
    return render(request, "workforce/my_work.html", context)
