"""The threshold framework is configuration, maintained by administrators; decisions are case
data and are never edited here."""

from django.contrib import admin

from journey.cases.models import (
    FamilyHelpDescriptor,
    ThresholdFramework,
    ThresholdIndicator,
    ThresholdLevelDescriptor,
)


class LevelInline(admin.TabularInline):
    model = ThresholdLevelDescriptor
    extra = 0
    can_delete = False


class FamilyHelpInline(admin.TabularInline):
    model = FamilyHelpDescriptor
    extra = 0
    can_delete = False


class IndicatorInline(admin.TabularInline):
    model = ThresholdIndicator
    extra = 3
    can_delete = False


@admin.register(ThresholdFramework)
class ThresholdFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "effective_from"]
    inlines = [LevelInline, FamilyHelpInline, IndicatorInline]

    def has_delete_permission(self, request, obj=None):
        return False
