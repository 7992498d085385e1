from django.contrib import admin

from journey.core.models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only. It names no child here (a child's page shows
    who viewed them, to the managers who may see it); the Administrators group has no access."""

    list_display = ["occurred_at", "user", "action", "path", "reason"]
    list_filter = ["action"]
    list_select_related = ["user"]
    fields = readonly_fields = ["occurred_at", "user", "action", "path", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
