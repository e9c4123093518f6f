"""The board's text search reads Challenge.search_text (folded title and problem), filled here
for the challenges there are; save() keeps it since."""

from django.db import migrations, models

from campus.search.query import normalise


def fill(apps, schema_editor):
    Challenge = apps.get_model("challenges", "Challenge")
    rows = []
    for challenge in Challenge.objects.only("pk", "title", "problem").iterator(chunk_size=500):
        challenge.search_text = " " + normalise(f"{challenge.title}\n{challenge.problem}")
        rows.append(challenge)
    Challenge.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("challenges", "0003_formation_run_is_a_job")]

    operations = [
        migrations.AddField(
            model_name="challenge",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
