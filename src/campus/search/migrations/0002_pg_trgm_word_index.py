"""PostgreSQL: the pg_trgm extension and a trigram GiST index over the vocabulary's words,
which orders words by trigram distance (``word <-> 'enrgy'``) from the index. Nothing on
other databases (SQLite keeps the trigrams in search_wordtrigram)."""

from django.db import migrations

PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_word_trgm ON search_word USING gist (word gist_trgm_ops)",
]
PG_DROP = ["DROP INDEX IF EXISTS search_word_trgm"]  # the extension may serve others


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(PG_CREATE), _run(PG_DROP), elidable=False)]
