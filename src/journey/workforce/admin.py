"""Administrators manage services, teams, workers and their sign-ins here, and nothing else: case
data changes only through the services, so every change writes the child's chronology.

Separation of duties (R13): nobody changes their own worker or user record; a change that gives
someone a role which sees case data, or moves them to another team or service, is asked for
here and takes effect only when an assistant director approves it in Journey (Role changes)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from journey.access.rules import may_change_sign_in, may_change_worker, opens_case_data
from journey.workforce import services
from journey.workforce.models import RoleChange, Service, Team, Worker


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["name", "kind"]


@admin.register(Team)
class TeamAdmin(NoDelete, admin.ModelAdmin):
    list_display = ["name", "service", "is_active"]
    list_filter = ["service", "is_active"]
    search_fields = ["name"]


class WorkerAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for the change of role or team",
        required=False,
        max_length=300,
        help_text="Needed when a role that sees case data is given, or the team or service "
        "changes: an assistant director approves it before it takes effect.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Worker
        fields = [
            "user",
            "role",
            "team",
            "service",
            "agency",
            "job_title",
            "caseload_limit",
            "is_active",
            "change_reason",
        ]

    #: Who is using the form (set by WorkerAdmin.get_form).
    requested_by = None

    def needs_approval(self) -> bool:
        data = self.cleaned_data
        place = (getattr(data.get("team"), "pk", None), getattr(data.get("service"), "pk", None))
        before = Worker.objects.filter(pk=self.instance.pk).first()
        return opens_case_data(before, data.get("role", ""), place, data.get("is_active", False))

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is not None and self.requested_by is not None and user.pk == self.requested_by.pk:
            self.add_error("user", "You cannot add or change your own worker record")
        if self.errors or not self.needs_approval():
            return data
        if len((data.get("change_reason") or "").strip()) < services.MIN_REASON:
            self.add_error(
                "change_reason",
                "Enter the reason for the change, in a few words: an assistant director reads "
                "it before approving",
            )
        pending = RoleChange.objects.filter(
            worker_id=self.instance.pk, status=RoleChange.Status.PENDING
        )
        if self.instance.pk and pending.exists():
            raise ValidationError("A change for this worker is already waiting for approval")
        return data


@admin.register(Worker)
class WorkerAdmin(NoDelete, SimpleHistoryAdmin):
    form = WorkerAdminForm
    list_display = ["name", "role", "team", "agency", "is_active"]
    list_filter = ["role", "team", "is_active"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    list_select_related = ["user", "team", "agency"]
    autocomplete_fields = ["user"]
    readonly_fields = ["role_changes_asked"]

    def get_readonly_fields(self, request, obj=None):
        # A worker record keeps its sign-in: moving it to another user would hand that user the
        # worker's access with nothing to approve.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "user"] if obj is not None else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.requested_by = request.user
        return form

    def has_change_permission(self, request: HttpRequest, obj: Worker | None = None) -> bool:
        if obj is not None and not may_change_worker(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description="Role changes")
    def role_changes_asked(self, obj: Worker) -> str:
        changes = obj.role_changes.select_related("requested_by", "decided_by") if obj.pk else []
        return (
            format_html_join(
                "",
                "<p>{} asked {:%d %b %Y} for {} ({}): {}</p>",
                (
                    (
                        c.requested_by,
                        c.requested_at,
                        c.get_to_role_display(),
                        c.to_team or "",
                        c.get_status_display().lower(),
                    )
                    for c in changes
                ),
            )
            or "None"
        )

    def save_model(self, request, obj: Worker, form: WorkerAdminForm, change: bool) -> None:
        if not form.needs_approval():
            super().save_model(request, obj, form, change)
            return
        wanted = services.Placement(obj.role, obj.team, obj.service)
        before = Worker.objects.filter(pk=obj.pk).first()
        activates = before is None or not before.is_active
        if before is not None:
            obj.role, obj.team, obj.service = before.role, before.team, before.service
        obj.is_active = obj.is_active and not activates
        super().save_model(request, obj, form, change)
        services.request_role_change(
            obj,
            wanted,
            reason=form.cleaned_data["change_reason"],
            requested_by=request.user,
            activates=activates,
        )
        messages.warning(
            request,
            f"{obj.name}'s new role or team waits for an assistant director's approval; "
            "until then nothing about their access changes.",
        )


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class JourneyUserAdmin(NoDelete, UserAdmin):
    """Sign-ins. Only a superuser (the council's break-glass account) grants staff or superuser
    status or permissions; nobody changes their own account here; and an administrator does not
    change (or set the password of) a sign-in that sees case data or is staff, which would let
    them sign in as that person."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in PRIVILEGES]})
            for name, opts in fieldsets
        ]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and not may_change_sign_in(request.user, obj):
            return False
        return super().has_change_permission(request, obj)


PRIVILEGES = {"is_staff", "is_superuser", "groups", "user_permissions"}
