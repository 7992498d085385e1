from django.urls import path

from journey.background import views

urlpatterns = [
    path("", views.job_list, name="background_jobs"),
    path("<int:job_id>/", views.job_page, name="background_job"),
    path("<int:job_id>/file/", views.job_file, name="background_job_file"),
]
