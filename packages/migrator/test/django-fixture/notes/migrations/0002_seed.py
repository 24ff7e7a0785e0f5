# A data migration that raises when MIGRATION_SHOULD_FAIL=1, for the failure scenario.
import os

from django.db import migrations


def seed(apps, schema_editor):
    if os.environ.get("MIGRATION_SHOULD_FAIL") == "1":
        raise RuntimeError("notes.0002_seed refused to run (MIGRATION_SHOULD_FAIL=1)")
    apps.get_model("notes", "Note").objects.create(text="seeded")


class Migration(migrations.Migration):
    dependencies = [("notes", "0001_initial"), ("shop", "0002_product_price")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
