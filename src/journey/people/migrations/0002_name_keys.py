"""Sound-alike name keys on people and their former names (R1 search), filled for existing rows.

Also carries the upn_unknown choices already changed in journey.core.codes (no SQL).
"""

from django.conf import settings
from django.db import migrations, models


#: Rows per UPDATE: at most 2 x BATCH distinct names, 4 x BATCH parameters (under SQLite's limit).
BATCH = 2000


def fill_name_keys(apps, schema_editor):
    from journey.core.phonetic import name_key

    for model_name in ("Person", "PersonName"):
        model = apps.get_model("people", model_name)
        fill_table(schema_editor.connection, model, name_key)


def fill_table(connection, model, name_key):
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    rows = model.objects.order_by("pk").values_list("pk", "first_name", "last_name")
    done = None
    with connection.cursor() as cursor:
        while batch := list((rows if done is None else rows.filter(pk__gt=done))[:BATCH]):
            names = {name for _, first, last in batch for name in (first, last)}
            values = ", ".join(["(%s, %s)"] * len(names))
            keys = [item for name in names for item in (name, name_key(name))]
            cursor.execute(
                f"WITH name_keys (name, name_key) AS (VALUES {values}) "
                f"UPDATE {table} SET first_name_key = f.name_key, last_name_key = l.name_key "
                "FROM name_keys f, name_keys l "
                f"WHERE {table}.first_name = f.name AND {table}.last_name = l.name "
                f"AND {table}.{pk} BETWEEN %s AND %s",
                [*keys, batch[0][0], batch[-1][0]],
            )
            done = batch[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalperson',
            name='first_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='last_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='historicalpersonname',
            name='first_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='historicalpersonname',
            name='last_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='person',
            name='first_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='person',
            name='last_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='personname',
            name='first_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='personname',
            name='last_name_key',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='upn_unknown',
            field=models.CharField(blank=True, choices=[('UN1', 'Child looked-after is not of school age and has not yet been assigned a unique pupil number (UPN)'), ('UN2', 'Child looked-after has never attended a maintained school in England (for example, some unaccompanied asylum-seeking children (UASC))'), ('UN3', 'Child looked-after is educated outside England'), ('UN4', 'Child is newly looked-after (from one week before end of collection period) and the unique pupil number (UPN) was not yet known at the time of the CLA data collection return'), ('UN5', "Sources collating unique pupil numbers (UPNs) reflect discrepancy(ies) for the child's name and/or surname and/or date of birth therefore preventing reliable matching (for example, duplicated unique pupil numbers (UPNs))"), ('UN6', 'Child aged under 6 years old and is not yet attending school'), ('UN7', 'Referral with no further action')], max_length=4, verbose_name='Reason UPN is unknown'),
        ),
        migrations.AlterField(
            model_name='person',
            name='upn_unknown',
            field=models.CharField(blank=True, choices=[('UN1', 'Child looked-after is not of school age and has not yet been assigned a unique pupil number (UPN)'), ('UN2', 'Child looked-after has never attended a maintained school in England (for example, some unaccompanied asylum-seeking children (UASC))'), ('UN3', 'Child looked-after is educated outside England'), ('UN4', 'Child is newly looked-after (from one week before end of collection period) and the unique pupil number (UPN) was not yet known at the time of the CLA data collection return'), ('UN5', "Sources collating unique pupil numbers (UPNs) reflect discrepancy(ies) for the child's name and/or surname and/or date of birth therefore preventing reliable matching (for example, duplicated unique pupil numbers (UPNs))"), ('UN6', 'Child aged under 6 years old and is not yet attending school'), ('UN7', 'Referral with no further action')], max_length=4, verbose_name='Reason UPN is unknown'),
        ),
        # Existing rows get their keys before the indexes are built (faster than updating an
        # indexed column). Batched by id range; each batch is one UPDATE joined to the keys of
        # the distinct names in it, so 110,000 people take a few dozen statements.
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['first_name_key'], name='people_pers_first_n_5017c2_idx'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['last_name_key'], name='people_pers_last_na_81668f_idx'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['former_upn'], name='people_pers_former__73db70_idx'),
        ),
        migrations.AddIndex(
            model_name='personname',
            index=models.Index(fields=['first_name_key'], name='people_pers_first_n_47a405_idx'),
        ),
        migrations.AddIndex(
            model_name='personname',
            index=models.Index(fields=['last_name_key'], name='people_pers_last_na_eb0d3a_idx'),
        ),
    ]
