from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from journey.cases import views as cases
from journey.casework.visits import views as visits
from journey.chronology import views as chronology
from journey.complaints import views as complaints
from journey.my_work import views as my_work
from journey.outcomes import views as outcomes
from journey.partner_services import views as partner_services
from journey.people import views as people
from journey.people.identifier import views as identifier
from journey.workforce import views as workforce

handler403 = "journey.access.views.permission_denied"

child_patterns = [
    path("", people.child, name="child"),
    path("family/", people.child_family, name="child_family"),
    path("viewed-by/", people.child_access_log, name="child_access_log"),
    path("details/change/", people.change_child_details, name="change_child_details"),
    path("chronology/", chronology.child_chronology, name="child_chronology"),
    path("chronology.pdf", chronology.chronology_pdf, name="chronology_pdf"),
    path(
        "chronology/<int:entry_id>/significance/",
        chronology.change_significance,
        name="chronology_significance",
    ),
    path(
        "chronology/<int:entry_id>/in-error/", chronology.mark_in_error, name="chronology_in_error"
    ),
    path(
        "records/<str:app>/<str:model>/<int:pk>/",
        chronology.chronology_source,
        name="chronology_source",
    ),
    path("contacts/new/", cases.record_contact, name="record_contact"),
    path("visits/new/", visits.record_visit, name="record_visit"),
    path("network/", include("journey.people.network.urls")),
    path("family-network/", include("journey.people.genogram.urls")),
    path("sharing/", include("journey.sharing.urls")),
    path("identifier/", include("journey.people.identifier.urls")),
    path("contact-details/", include("journey.people.contact_details.urls")),
    path("partner-services/", include("journey.partner_services.urls")),
    path("complaints/", complaints.child_complaints, name="child_complaints"),
    path("outcomes/", outcomes.child_outcomes, name="child_outcomes"),
    path("decisions/<int:decision_id>/review/", cases.review_decision, name="review_decision"),
    path("episodes/new/", cases.open_episode, name="open_episode"),
]

urlpatterns = [
    path("", my_work.my_work, name="my_work"),
    path("my-work/queue/", my_work.manager_queue, name="manager_queue"),
    path("accounts/", include("journey.signin.urls")),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("children/search/", people.search, name="search"),
    path("children/duplicates/", identifier.possible_duplicates, name="possible_duplicates"),
    path("children/new/", people.new_child, name="new_child"),
    path("children/<int:child_id>/", include(child_patterns)),
    path("complaints/", include("journey.complaints.urls")),
    path("voice/", include("journey.voice.urls")),
    path("outcomes/", include("journey.outcomes.urls")),
    path("workforce/reassign/", workforce.reassign, name="reassign"),
    path("workforce/team/", workforce.team, name="team"),
    path("workforce/caseloads/", include("journey.workforce.caseloads.urls")),
    path("workforce/role-changes/", workforce.role_changes, name="role_changes"),
    path("workforce/role-changes/<int:change_id>/", workforce.role_change, name="role_change"),
    path("episodes/<int:episode_id>/allocate/", cases.allocate, name="allocate"),
    path("episodes/<int:episode_id>/close/", cases.close_episode, name="close_episode"),
    path(
        "episodes/<int:episode_id>/referral/change/",
        cases.correct_referral_details,
        name="correct_referral_details",
    ),
    path(
        "episodes/<int:episode_id>/step-change/",
        cases.request_step_change,
        name="request_step_change",
    ),
    path("step-changes/", cases.step_changes, name="step_changes"),
    path("step-changes/<int:step_id>/", cases.step_change, name="step_change"),
    path("step-changes/<int:step_id>/decide/", cases.decide_step_change, name="decide_step_change"),
    path("step-changes/<int:step_id>/hand-over/", cases.hand_over, name="hand_over"),
    path(
        "step-changes/<int:step_id>/withdraw/",
        cases.withdraw_step_change,
        name="withdraw_step_change",
    ),
    path("episodes/<int:episode_id>/", include("journey.casework.urls")),
    path("visits/", include("journey.casework.visits.urls")),
    path("tracker/", include("journey.tracker.urls")),
    path("panels/", include("journey.casework.panels.urls")),
    path("measures/", include("journey.reporting.measures.urls")),
    path("dashboard/", include("journey.reporting.dashboard.urls")),
    path("reports/scrutiny/", include("journey.reporting.scrutiny.urls")),
    path("reports/complaints/", include("journey.complaints.annual.urls")),
    path("measures/partner-services/", partner_services.measures, name="partner_measures"),
    path("quality/", include("journey.quality.urls")),
    path("improvement/", include("journey.improvement.urls")),
    path("peer-review/", include("journey.peer_review.urls")),
    path("reviewers/", include("journey.access.reviewers.urls")),
    path("returns/census/", include("journey.reporting.census.urls")),
    path("returns/annex-a/", include("journey.reporting.annex_a.urls")),
    path("downloads/", include("journey.background.urls")),
    path("admin/", admin.site.urls),
]
