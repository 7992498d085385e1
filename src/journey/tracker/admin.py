"""Snapshots are written by the nightly job only: the admin shows them, read-only."""

from django.contrib import admin

from journey.tracker.models import DriftFlagSnapshot


@admin.register(DriftFlagSnapshot)
class DriftFlagSnapshotAdmin(admin.ModelAdmin):
    list_display = ["taken_on", "rule", "episode", "since", "team", "lead"]
    list_filter = ["taken_on", "rule", "team"]
    list_select_related = ["episode", "team", "lead__user"]
    date_hierarchy = "taken_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
