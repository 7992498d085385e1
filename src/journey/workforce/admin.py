"""Administrators manage services, teams and workers here. Case data is not edited in the admin:
it changes only through the services, so every change writes the child's chronology."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from journey.workforce.models import Service, Team, Worker


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service", "is_active"]
    list_filter = ["service", "is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Worker)
class WorkerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "team", "agency", "is_active"]
    list_filter = ["role", "team", "is_active"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    list_select_related = ["user", "team", "agency"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return False
