"""A GIN full-text index over the pool's character grams on PostgreSQL: single
characters and pairs (core.grams) as ASCII words, matched with to_tsquery, so
a 1- or 2-character search (most Chinese name searches) reads an index, not the table.
Nothing is done on SQLite."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS talent_grams_gin ON talent_talent "
        "USING gin (to_tsvector('simple'::regconfig, search_grams))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS talent_grams_gin")


class Migration(migrations.Migration):
    dependencies = [("talent", "0005_pool_search_grams")]

    operations = [migrations.RunPython(create, drop)]
