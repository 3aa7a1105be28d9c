from django.db import migrations

from territories.data import DEPARTEMENTS, REGIONS


def load_territories(apps, schema_editor):
    Region = apps.get_model("territories", "Region")
    Departement = apps.get_model("territories", "Departement")
    db = schema_editor.connection.alias

    # update_or_create keeps the migration safe to re-run and lets a later
    # migration fix a name simply by editing data.py and calling this again.
    for code, name, is_overseas in REGIONS:
        Region.objects.using(db).update_or_create(
            code=code, defaults={"name": name, "is_overseas": is_overseas}
        )
    for code, name, region_code in DEPARTEMENTS:
        Departement.objects.using(db).update_or_create(
            code=code, defaults={"name": name, "region_id": region_code}
        )


def unload_territories(apps, schema_editor):
    Region = apps.get_model("territories", "Region")
    Departement = apps.get_model("territories", "Departement")
    db = schema_editor.connection.alias

    # Départements first: their FK to Region is PROTECT.
    Departement.objects.using(db).filter(code__in=[d[0] for d in DEPARTEMENTS]).delete()
    Region.objects.using(db).filter(code__in=[r[0] for r in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_territories, unload_territories),
    ]
