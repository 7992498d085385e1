from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from journey.chronology.selectors import chronology_for
from journey.core.permissions import may_manage_episodes, may_view_access_log
from journey.core.views import open_child_record

PAGE_SIZE = 50


def child_chronology(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(request, child_id)
    newest_first = request.GET.get("order") != "oldest"
    page = Paginator(chronology_for(child, request.user, newest_first), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "chronology/child_chronology.html",
        {
            "child": child,
            "tab": "chronology",
            "page": page,
            "newest_first": newest_first,
            "may_manage": may_manage_episodes(request.user),
            "may_view_access_log": may_view_access_log(request.user),
        },
    )
