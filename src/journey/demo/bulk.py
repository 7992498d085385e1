"""Fast inserts for the demo generator: PostgreSQL COPY, or SQLite executemany.

Django's bulk_create spends most of its time compiling SQL per row; the `large` council has
millions of rows. This writes the same columns Django would, plus the "+" (created) history row
django-simple-history would write, with primary keys reserved up front so that related rows can
be linked before anything is sent. Used only by the seed command inside its one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


class FastInserter:
    def __init__(self, now: dt.datetime):
        self.now = now
        self.next_id: dict[type[models.Model], int] = {}
        self.touched: set[type[models.Model]] = set()
        self.postgres = connection.vendor == "postgresql"

    def insert(self, model: type[models.Model], objs: list[models.Model]) -> None:
        """Give each object its key, then write the rows and, if the model keeps history, theirs."""
        if not objs:
            return
        self.assign_keys(model, objs)
        self.insert_keyed(model, objs)

    def insert_keyed(self, model: type[models.Model], objs: list[models.Model]) -> None:
        """Write objects given their keys already (`assign_keys`), with their history rows."""
        if not objs:
            return
        fields = model._meta.concrete_fields
        self.write(model, fields, (self.values(obj, fields) for obj in objs))
        history = getattr(model, "history", None)
        if history is not None:
            self.write_history(history.model, fields, objs)

    def assign_keys(self, model: type[models.Model], objs: list[models.Model]) -> None:
        if model not in self.next_id:
            self.next_id[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        start = self.next_id[model]
        for offset, obj in enumerate(objs):
            obj.pk = start + offset
            obj._state.adding = False
        self.next_id[model] = start + len(objs)
        self.touched.add(model)

    def values(self, obj: models.Model, fields) -> list:
        row = []
        for field in fields:
            value = getattr(obj, field.attname)
            if value is None and field.is_relation:
                related = field.get_cached_value(obj, None)
                if related is not None:
                    value = related.pk
                    obj.__dict__[field.attname] = value  # keep the cached object
            elif value is None and getattr(field, "auto_now_add", False):
                value = self.now
                setattr(obj, field.attname, value)
            row.append(self.adapt(field, value))
        return row

    def write_history(self, history_model, fields, objs: list[models.Model]) -> None:
        names = [f.attname for f in fields]
        history_fields = [f for f in history_model._meta.concrete_fields if f.name != "history_id"]
        extra = {
            "history_date": self.adapt(history_model._meta.get_field("history_date"), self.now),
            "history_change_reason": None,
            "history_type": "+",
            "history_user_id": None,
        }
        by_attname = {f.attname: f for f in fields}

        def rows():
            for obj in objs:
                row = []
                for field in history_fields:
                    if field.attname in extra:
                        row.append(extra[field.attname])
                    else:
                        original = by_attname[field.attname]
                        row.append(self.adapt(original, obj.__dict__.get(field.attname)))
                yield row

        assert all(f.attname in names or f.attname in extra for f in history_fields)
        self.write(history_model, history_fields, rows())

    def adapt(self, field, value):
        if value is None:
            return None
        if isinstance(field, models.JSONField):
            if self.postgres:
                from psycopg.types.json import Jsonb

                return Jsonb(value)
            return json.dumps(value)
        if self.postgres:
            return value
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def write(self, model, fields, rows: Iterable[list]) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in fields)
                cursor.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the keys this inserter handed out."""
        if not self.postgres or not self.touched:
            return
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.touched))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
