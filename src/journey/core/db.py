"""Database expressions the apps share."""

from __future__ import annotations

from typing import Any

from django.db.models import DateField, F, Func


class PlusDays(Func):
    """A date plus (or minus) a whole number of days, still a date, on PostgreSQL and SQLite."""

    output_field = DateField()

    def __init__(self, expression: Any, days: int):
        self.days = int(days)
        expression = F(expression) if isinstance(expression, str) else expression
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + {self.days})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params
