from django.contrib import admin

from journey.core.models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only."""

    list_display = ["occurred_at", "user", "child", "action", "path"]
    list_filter = ["action"]
    list_select_related = ["user", "child"]
    raw_id_fields = ["child"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
