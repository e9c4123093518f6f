"""SQLite: a partial index of the published courses in title order, carrying the columns the
catalogue filters on (see bench/bench_catalogue.py).

Django writes ``published=True`` as a bare ``WHERE "published"``, which SQLite does not read
as an equality on the first column of ``catalog_course_published_title``: the catalogue's
first page (every published course by title) sorted every course row (15-35 ms at 20,000
courses). An index whose own condition is ``WHERE published`` is walked in title order and
stops at the page (0.1 ms); with the filtered columns in it, a filter's count reads the
index, not the rows with their 2.5 kB search documents (31 -> 7 ms). PostgreSQL reads the
bare column as ``published = true`` and keeps its own indexes (0002, 0003). Raw SQL by
vendor, as in 0002 and 0003, so the models' state is unchanged.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE INDEX IF NOT EXISTS catalog_course_published_listing ON catalog_course "
    "(title, id, type, mode, ects, eqf_level, isced_field, languages, themes) WHERE published"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_course_published_listing")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_catalogue_filter_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
