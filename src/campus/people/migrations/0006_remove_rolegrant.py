from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0005_role_grants_to_affiliations")]

    operations = [migrations.DeleteModel(name="RoleGrant")]
