"""The person's search and order keys: full pinyin and initials of the name.

On PostgreSQL the two columns compare bytewise (COLLATE "C"): the keys are ASCII, so
the order is the same alphabetical order SQLite gives, and one B-tree index serves both
``ORDER BY name_pinyin`` (rosters in pinyin order) and ``LIKE 'wang%'`` (a prefix search),
which a B-tree under a linguistic collation does not. Existing rows are backfilled."""

from django.db import migrations, models

PG_COLLATE = [
    'ALTER TABLE core_person ALTER COLUMN name_pinyin TYPE varchar(200) COLLATE "C"',
    'ALTER TABLE core_person ALTER COLUMN name_initials TYPE varchar(50) COLLATE "C"',
]


def collate_c(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_COLLATE:
            schema_editor.execute(statement)


def backfill(apps, schema_editor):
    from zugong.core.search import backfill_person_keys

    backfill_person_keys(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_user_person")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_pinyin",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="姓名拼音"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="name_initials",
            field=models.CharField(
                blank=True, editable=False, max_length=50, verbose_name="姓名首字母"
            ),
        ),
        migrations.RunPython(collate_c, migrations.RunPython.noop, elidable=False),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["name_pinyin", "id"],
                "verbose_name": "人员",
                "verbose_name_plural": "人员",
            },
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_pinyin", "id"], name="person_pinyin"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name_initials", "name_pinyin"], name="person_initials"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
