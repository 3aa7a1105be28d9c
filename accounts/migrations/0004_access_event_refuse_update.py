"""On PostgreSQL the database itself refuses to rewrite an access-log row.

The app already refuses (AccessEventQuerySet); this also holds for a shell or a script that
bypasses the ORM. DELETE stays allowed for the retention purge. The one UPDATE let through is
Django's SET_NULL when a user is deleted: the row keeps its username, so it still says who.
SQLite (development, tests) gets nothing.
"""

from django.db import migrations

CREATE = (
    """
CREATE OR REPLACE FUNCTION accounts_accessevent_refuse_update() RETURNS trigger AS $$
BEGIN
    IF NEW.user_id IS NULL
       AND (NEW.id, NEW.at, NEW.username, NEW.action, NEW.household_id, NEW.person_id,
            NEW.subject, NEW.ip)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.username, OLD.action, OLD.household_id, OLD.person_id,
            OLD.subject, OLD.ip)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'accounts_accessevent is append-only';
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER accounts_accessevent_no_update
BEFORE UPDATE ON accounts_accessevent
FOR EACH ROW EXECUTE FUNCTION accounts_accessevent_refuse_update()
""",
)

DROP = (
    "DROP TRIGGER IF EXISTS accounts_accessevent_no_update ON accounts_accessevent",
    "DROP FUNCTION IF EXISTS accounts_accessevent_refuse_update()",
)


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_access_event")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
