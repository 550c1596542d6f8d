"""Two-new organizations' names in a GIN full-text index over their character grams
(core.grams, the function of core migration 0013), on PostgreSQL: the search across
everything finds a name containing one or two characters through the index. Nothing
is done on SQLite."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS entity_name_grams ON grassroots_entity "
        "USING gin (to_tsvector('simple'::regconfig, zugong_grams(name)))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS entity_name_grams")


class Migration(migrations.Migration):
    dependencies = [("grassroots", "0001_initial"), ("core", "0013_person_name_grams")]

    operations = [migrations.RunPython(create, drop)]
