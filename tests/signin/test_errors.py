"""The 500 page: the GOV.UK "Sorry, there is a problem with the service" page, rendered with no
request context and no database, so it shows whatever went wrong."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client

from tests.signin.conftest import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.signin.urls_with_a_fault")
def test_a_fault_in_a_view_shows_the_problem_page(council):
    client = Client(raise_request_exception=False)
    user = council["social_worker"].user
    client.force_login(user)
    response = client.get("/broken/")
    html = page_text(response)
    assert response.status_code == 500
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "Try again later." in html
    assert "Everything you saved before this page appeared is kept" in html
    assert "A fault in a view" not in html and user.get_full_name() not in html
    assert "Content-Security-Policy" in response.headers


def test_the_problem_page_needs_no_context_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html
    assert "<script" not in html
