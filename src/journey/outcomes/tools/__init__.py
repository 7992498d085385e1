"""Defining outcome tools (R9): the list, a tool's versions and scales, creating a tool, changing
a draft, making and publishing a new version, and retiring a tool. Heads of service and quality
assurance officers only (access.outcomes.may_define_tools)."""
