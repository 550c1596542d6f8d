"""Indexes on the pool's link tables that lead with the tag (category) and carry the
talent: "the talents with tag 3" is then an index-only scan, not a visit of the link
table's rows (the auto-created index on the tag alone has to read every row it finds:
42,000 heap pages for one tag at 488,000 talents). Both engines; the matching and the
tag/category filters of the search read them."""

from django.db import migrations

INDEXES = (
    ("talent_tags_tag_talent", "talent_talent_tags", "talenttag_id, talent_id"),
    ("talent_cats_cat_talent", "talent_talent_categories", "talentcategory_id, talent_id"),
)


def create(apps, schema_editor):
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    if schema_editor.connection.vendor == "postgresql":
        for _name, table, _columns in INDEXES:
            # Fresh statistics, so the plans count on the new indexes at once.
            schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    for name, _table, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("talent", "0006_pool_grams_index")]

    operations = [migrations.RunPython(create, drop)]
