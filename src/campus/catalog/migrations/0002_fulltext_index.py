"""The full-text index of the catalogue, one per database back end (see catalog/search.py).

SQLite: an FTS5 table of (titles, search_document), filled from catalog_course. PostgreSQL:
a tsvector column catalog_course.search_vector (titles weighted A) with a GIN index. Both are
written by catalog.search.course_reindex. Plus plain indexes for sorting and "next run"
look-ups. Raw SQL, so the models' state is unchanged.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_course_fts USING fts5("
    "titles, search_document, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_FILL = (
    "INSERT INTO catalog_course_fts(rowid, titles, search_document) "
    "SELECT id, title || ' ' || title_local, search_document FROM catalog_course"
)
PG_CREATE = [
    "ALTER TABLE catalog_course ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "UPDATE catalog_course SET search_vector = "
    "setweight(to_tsvector('simple', title || ' ' || title_local), 'A') || "
    "setweight(to_tsvector('simple', search_document), 'D')",
    "CREATE INDEX IF NOT EXISTS catalog_course_search_gin ON catalog_course USING gin (search_vector)",
    # Keep the vector uncompressed in the row and the long document out of it: a broad query
    # reads the vector of every course it matches, and decompressing it cost four times the
    # match itself.
    "ALTER TABLE catalog_course ALTER COLUMN search_vector SET STORAGE MAIN, "
    "ALTER COLUMN search_document SET STORAGE EXTERNAL",
]
COMMON_CREATE = [
    "CREATE INDEX IF NOT EXISTS catalog_course_published_title ON catalog_course (published, title, id)",
    "CREATE INDEX IF NOT EXISTS catalog_run_course_start ON catalog_run (course_id, starts_on)",
]
COMMON_DROP = [
    "DROP INDEX IF EXISTS catalog_course_published_title",
    "DROP INDEX IF EXISTS catalog_run_course_start",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        schema_editor.execute(SQLITE_FILL)
    elif vendor == "postgresql":
        for sql in PG_CREATE:
            schema_editor.execute(sql)
    for sql in COMMON_CREATE:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS catalog_course_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_course_search_gin")
        schema_editor.execute("ALTER TABLE catalog_course DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            "ALTER TABLE catalog_course ALTER COLUMN search_document SET STORAGE EXTENDED"
        )
    for sql in COMMON_DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
