"""A trigram index on Household.search_text, so a search stays fast on a million persons.

The search filters `search_text LIKE '%word%'` for each word: a B-tree cannot serve a
pattern that starts with a wildcard, a GIN index of trigrams (pg_trgm) can. PostgreSQL
only: SQLite scans its small tables as before. pg_trgm is a trusted extension since
PostgreSQL 13, so the database's owner may create it without being a superuser.

The index is built CONCURRENTLY (hence atomic = False) so that migrating a large database
does not lock the households against writes while it is built.
"""

from django.db import migrations

INDEX = "households_household_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # A concurrent build that failed leaves an invalid index behind: drop it first.
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY {INDEX} "
        "ON households_household USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    # The extension stays: other indexes may use it, and dropping it needs its owner.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("households", "0007_household_last_contact_from_events")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
