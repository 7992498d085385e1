"""A child's referrals to partner services, under /children/<child_id>/partner-services/."""

from django.urls import path

from journey.partner_services import views

urlpatterns = [
    path("", views.partner_services, name="partner_services"),
    path("refer/", views.refer, name="refer_to_partner"),
    path("<int:referral_id>/response/", views.record_response, name="partner_response"),
    path(
        "<int:referral_id>/first-appointment/",
        views.record_first_appointment,
        name="partner_first_appointment",
    ),
    path("<int:referral_id>/escalate/", views.escalate, name="partner_escalate"),
    path("<int:referral_id>/outcome/", views.record_outcome, name="partner_outcome"),
    path("<int:referral_id>/withdraw/", views.withdraw, name="partner_withdraw"),
    path(
        "escalations/<int:escalation_id>/response/",
        views.record_escalation_response,
        name="partner_escalation_response",
    ),
]
