"""Each learning agreement gets its Erasmus Without Paper mobility id (omobility-id), unique;
a signature may come from a partner's system through EWP, by someone without a campus account.
The ids are made one by one for the agreements already there (a column default would give them
all the same one)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import campus.mobility.models


def fill(apps, schema_editor):
    LearningAgreement = apps.get_model("mobility", "LearningAgreement")
    for agreement in LearningAgreement.objects.filter(omobility_id__isnull=True):
        agreement.omobility_id = str(uuid.uuid4())
        agreement.save(update_fields=["omobility_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="learningagreement",
            name="omobility_id",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="EWP mobility id"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="learningagreement",
            name="omobility_id",
            field=models.CharField(
                default=campus.mobility.models.new_omobility_id,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="EWP mobility id",
            ),
        ),
        migrations.AlterField(
            model_name="signature",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
