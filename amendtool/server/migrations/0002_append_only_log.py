"""The log is append-only in the database itself: triggers refuse UPDATE and DELETE of its rows
(on SQLite and on PostgreSQL), whatever code runs against it."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER portal_log_no_update BEFORE UPDATE ON portal_logentry
       BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END""",
    """CREATE TRIGGER portal_log_no_delete BEFORE DELETE ON portal_logentry
       BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END""",
]
SQLITE_UNDO = ["DROP TRIGGER IF EXISTS portal_log_no_update", "DROP TRIGGER IF EXISTS portal_log_no_delete"]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION portal_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER portal_log_append_only BEFORE UPDATE OR DELETE ON portal_logentry
       FOR EACH ROW EXECUTE FUNCTION portal_log_append_only()""",
]
POSTGRESQL_UNDO = ["DROP TRIGGER IF EXISTS portal_log_append_only ON portal_logentry",
                   "DROP FUNCTION IF EXISTS portal_log_append_only()"]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        )
    ]
