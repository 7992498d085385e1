from django.contrib import admin

from journey.partner_services.models import PartnerService


@admin.register(PartnerService)
class PartnerServiceAdmin(admin.ModelAdmin):
    """The council's list of services it refers children to: kept, never deleted (a service
    that closes is made inactive)."""

    list_display = ["name", "kind", "agency", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False
