from django.contrib import admin

from journey.people.models import Agency, Professional


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "job_title", "email"]
    list_filter = ["agency"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False
