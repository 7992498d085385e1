"""Database expressions the apps share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import DateField, F, Func, IntegerField

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler


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


class DaysBetween(Func):
    """Whole days from the earlier date to the later one."""

    output_field = IntegerField()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return f"({later} - {earlier})", (*later_params, *earlier_params)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        sql = f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return sql, (*later_params, *earlier_params)
