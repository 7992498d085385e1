"""Administration of the audit tool (versioned: a used version is read-only; nothing is deleted)
and the good-or-better target. Rounds, audits and observations are recorded through the app's
own pages; observations are listed here read-only, with their history."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from journey.quality import services
from journey.quality.models import (
    AuditDomain,
    AuditQuestion,
    AuditTarget,
    AuditTool,
    PracticeObservation,
)


def _editable(obj: AuditTool | None) -> bool:
    return obj is None or not obj.is_used


class NoDeleteMixin:
    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AuditDomainInline(NoDeleteMixin, admin.TabularInline):
    model = AuditDomain
    extra = 0
    fields = ["order", "code", "name"]

    def has_change_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_add_permission(request, obj)


@admin.register(AuditTool)
class AuditToolAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "version", "created_at", "in_use"]
    inlines = [AuditDomainInline]
    actions = ["make_new_version"]

    @admin.display(boolean=True, description="Used by an audit")
    def in_use(self, obj: AuditTool) -> bool:
        return obj.is_used

    def has_change_permission(self, request, obj=None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["name", "version"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            latest = AuditTool.objects.filter(name=obj.name).order_by("-version").first()
            obj.version = obj.version or (latest.version + 1 if latest else 1)
        super().save_model(request, obj, form, change)

    @admin.action(description="Make a new version from the selected tool")
    def make_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select one tool to copy", messages.ERROR)
            return
        copy = services.new_tool_version(queryset.get())
        self.message_user(request, f"{copy} created: change its questions before it is used")


@admin.register(AuditQuestion)
class AuditQuestionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["text", "domain", "tool_version", "order"]
    list_filter = ["domain__tool"]
    ordering = ["domain__tool", "domain__order", "order"]

    @admin.display(description="Tool")
    def tool_version(self, obj: AuditQuestion) -> str:
        return str(obj.domain.tool)

    def has_change_permission(self, request, obj=None) -> bool:
        return (obj is None or _editable(obj.domain.tool)) and super().has_change_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "domain":
            unused = AuditTool.objects.filter(audits__isnull=True)
            kwargs["queryset"] = AuditDomain.objects.filter(tool__in=unused).select_related("tool")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AuditTarget)
class AuditTargetAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["effective_from", "percent", "note"]


@admin.register(PracticeObservation)
class PracticeObservationAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["planned_on", "observed", "observer", "setting", "status"]
    list_filter = ["status", "setting", "team"]
    list_select_related = ["observed__user", "observer__user"]
    date_hierarchy = "planned_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
