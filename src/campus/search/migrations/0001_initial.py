import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Word",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(max_length=20)),
                ("word", models.CharField(db_index=True, max_length=40)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("scope", "word"), name="search_word_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="WordTrigram",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(max_length=20)),
                ("trigram", models.CharField(max_length=3)),
                (
                    "word",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="trigrams",
                        to="search.word",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["scope", "trigram"], name="search_trigram_lookup")
                ],
            },
        ),
    ]
