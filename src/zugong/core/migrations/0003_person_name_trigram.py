"""A trigram index for Chinese name substring search on PostgreSQL (pg_trgm).

``name LIKE '%…%'`` cannot use a B-tree index; on PostgreSQL a GIN trigram index
serves it. Nothing is done on SQLite (a district-sized table is scanned quickly).
Creating the extension needs a role allowed to (the database owner on PostgreSQL 13+
for trusted extensions such as pg_trgm).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_trgm ON core_person USING gin (name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_calendar")]

    operations = [migrations.RunPython(create, drop)]
