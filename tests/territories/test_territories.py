import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from territories import data
from territories.models import ILE_DE_FRANCE_CODE, Departement, Region
from territories.selectors import departements_for_region, regions_list

load_migration = importlib.import_module("territories.migrations.0002_load_territories")

# The data migration only needs the connection alias from the schema editor.
FAKE_SCHEMA_EDITOR = SimpleNamespace(connection=connection)


class TestReferenceData:
    """Checks on data.py itself, independent of the database."""

    def test_codes_are_unique(self):
        region_codes = [code for code, _, _ in data.REGIONS]
        departement_codes = [code for code, _, _ in data.DEPARTEMENTS]
        assert len(set(region_codes)) == len(region_codes)
        assert len(set(departement_codes)) == len(departement_codes)

    def test_every_departement_points_to_a_known_region(self):
        region_codes = {code for code, _, _ in data.REGIONS}
        assert {region for _, _, region in data.DEPARTEMENTS} == region_codes

    def test_codes_fit_the_columns(self):
        assert all(len(code) == 2 for code, _, _ in data.REGIONS)
        assert all(len(code) in (2, 3) for code, _, _ in data.DEPARTEMENTS)


@pytest.mark.django_db
class TestLoadedTerritories:
    def test_region_counts(self):
        assert Region.objects.count() == 18
        assert Region.objects.filter(is_overseas=False).count() == 13
        assert set(Region.objects.filter(is_overseas=True).values_list("code", flat=True)) == {
            "01",
            "02",
            "03",
            "04",
            "06",
        }

    def test_departement_count(self):
        assert Departement.objects.count() == 101

    def test_every_departement_has_a_region(self):
        assert not Departement.objects.filter(region__isnull=True).exists()
        assert not Region.objects.filter(departements__isnull=True).exists()

    @pytest.mark.parametrize(
        ("code", "name", "region_code"),
        [
            ("75", "Paris", "11"),
            ("2A", "Corse-du-Sud", "94"),
            ("2B", "Haute-Corse", "94"),
            ("976", "Mayotte", "06"),
            ("69", "Rhône", "84"),
            ("35", "Ille-et-Vilaine", "53"),
            ("07", "Ardèche", "84"),
            ("22", "Côtes-d'Armor", "53"),
            ("974", "La Réunion", "04"),
        ],
    )
    def test_spot_checks(self, code, name, region_code):
        departement = Departement.objects.get(code=code)
        assert departement.name == name
        assert departement.region_id == region_code

    def test_overseas_departements_are_in_overseas_regions(self):
        overseas = Departement.objects.filter(region__is_overseas=True)
        assert set(overseas.values_list("code", flat=True)) == {"971", "972", "973", "974", "976"}

    def test_ile_de_france_contents(self):
        region = Region.objects.get(code=ILE_DE_FRANCE_CODE)
        assert region.name == "Île-de-France"
        assert set(region.departements.values_list("code", flat=True)) == {
            "75",
            "77",
            "78",
            "91",
            "92",
            "93",
            "94",
            "95",
        }

    def test_is_ile_de_france(self):
        assert Region.objects.get(code="11").is_ile_de_france
        assert not Region.objects.get(code="84").is_ile_de_france
        assert Departement.objects.get(code="93").is_ile_de_france
        assert not Departement.objects.get(code="60").is_ile_de_france
        assert not Departement.objects.get(code="971").is_ile_de_france
        assert Region.ILE_DE_FRANCE_CODE == Departement.ILE_DE_FRANCE_CODE == "11"

    def test_str(self):
        assert str(Region.objects.get(code="94")) == "Corse"
        assert str(Departement.objects.get(code="2A")) == "Corse-du-Sud (2A)"

    def test_departement_ordering_is_by_code(self):
        codes = list(Departement.objects.values_list("code", flat=True))
        assert codes == sorted(codes)
        assert codes[-1] == "976"


@pytest.mark.django_db
class TestSelectors:
    def test_regions_list_is_ordered_by_name(self):
        names = [region.name for region in regions_list()]
        assert len(names) == 18
        assert names == sorted(names)

    def test_departements_for_region(self):
        codes = [d.code for d in departements_for_region("94")]
        assert codes == ["2A", "2B"]

    def test_departements_for_unknown_region_is_empty(self):
        assert not departements_for_region("99").exists()


@pytest.mark.django_db
class TestDataMigration:
    def test_load_is_idempotent_and_restores_edits(self):
        Departement.objects.filter(code="07").update(name="Ardeche")

        load_migration.load_territories(apps, FAKE_SCHEMA_EDITOR)
        load_migration.load_territories(apps, FAKE_SCHEMA_EDITOR)

        assert Region.objects.count() == 18
        assert Departement.objects.count() == 101
        assert Departement.objects.get(code="07").name == "Ardèche"

    def test_reverse_removes_everything(self):
        load_migration.unload_territories(apps, FAKE_SCHEMA_EDITOR)

        assert not Departement.objects.exists()
        assert not Region.objects.exists()
