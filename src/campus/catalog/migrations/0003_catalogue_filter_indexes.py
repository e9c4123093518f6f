"""Indexes for the catalogue's filters and its sort by next start (see bench/bench_catalogue.py).

PostgreSQL: GIN indexes (jsonb_path_ops, published courses only) for the language and theme
filters (``languages @> '["nl"]'``), which otherwise read every course row; and, on both back
ends, a partial index of the runs not closed by course and start, which the "next start"
sort and the "upcoming runs" of each listed course look up (on PostgreSQL it also carries
the enrolment dates, so the look-up never reads the run rows, and the sort by start stays
under the planner's JIT threshold). And no parallel workers for scans of catalog_course on
PostgreSQL: a search filtered by "open now" was planned as a parallel scan whose workers
passed every match with its 1.6 kB search vector through a Gather Merge (40 ms; 9 ms
without). Raw SQL by vendor, so the models' state is unchanged.
"""

from django.db import migrations

PG_CREATE = [
    "CREATE INDEX IF NOT EXISTS catalog_course_languages_gin ON catalog_course "
    "USING gin (languages jsonb_path_ops) WHERE published",
    "CREATE INDEX IF NOT EXISTS catalog_course_themes_gin ON catalog_course "
    "USING gin (themes jsonb_path_ops) WHERE published",
    "CREATE INDEX IF NOT EXISTS catalog_run_not_closed_course_start ON catalog_run "
    "(course_id, starts_on) INCLUDE (enrolment_opens, enrolment_closes) "
    "WHERE closed_at IS NULL",
    "ALTER TABLE catalog_course SET (parallel_workers = 0)",
]
SQLITE_CREATE = [
    "CREATE INDEX IF NOT EXISTS catalog_run_not_closed_course_start ON catalog_run "
    "(course_id, starts_on, enrolment_closes) WHERE closed_at IS NULL",
]
DROP = [
    "DROP INDEX IF EXISTS catalog_course_languages_gin",
    "DROP INDEX IF EXISTS catalog_course_themes_gin",
    "DROP INDEX IF EXISTS catalog_run_not_closed_course_start",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, []):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalog_course RESET (parallel_workers)")
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0002_fulltext_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
