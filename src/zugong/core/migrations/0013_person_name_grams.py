"""Persons' and organizations' names in GIN full-text indexes over their character
grams (core.grams), on PostgreSQL: the search's "contains" tier for one or two
characters (a given name, 芳; 金水 inside an organization's name) reads an index
instead of every name under a time budget. The grams are computed in
the index by the SQL function zugong_grams, nothing is stored on the row. Nothing is
done on SQLite."""

from django.db import migrations

from zugong.core.grams import SQL_FUNCTION


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(SQL_FUNCTION)
    for index, table in (
        ("person_name_grams", "core_person"),
        ("org_name_grams", "core_organization"),
    ):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            "USING gin (to_tsvector('simple'::regconfig, zugong_grams(name)))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_grams")
        schema_editor.execute("DROP INDEX IF EXISTS org_name_grams")
        schema_editor.execute("DROP FUNCTION IF EXISTS zugong_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("core", "0012_person_first_pinyin")]

    operations = [migrations.RunPython(create, drop)]
