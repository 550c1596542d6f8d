"""Trigram indexes for the pool's free-text search on PostgreSQL (pg_trgm).

``search_text LIKE '%…%'`` (Chinese names, employers, specialties of 3+ characters)
and ``name_pinyin LIKE '%…%'`` (pinyin of 3+ letters) cannot use a B-tree index; a GIN
trigram index serves them. Shorter terms are scanned (the planner knows a trigram index
cannot serve them). Nothing is done on SQLite.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS talent_search_trgm ON talent_talent "
        "USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS talent_pinyin_trgm ON talent_talent "
        "USING gin (name_pinyin gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS talent_search_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS talent_pinyin_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0003_certification_retired_soldier"),
        ("core", "0003_person_name_trigram"),
    ]

    operations = [migrations.RunPython(create, drop)]
