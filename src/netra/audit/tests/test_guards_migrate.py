"""The guards are re-installed after a migrate only while migration 0004 is applied: after
`migrate audit zero` the post-migrate hook must not create triggers on tables that are gone
(it failed with "no such table" there, found by the T8 round trip)."""

import pytest
from django.db.migrations.recorder import MigrationRecorder

from netra.audit import db_guards

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("applied", [True, False])
def test_post_migrate_installs_only_when_the_guards_migration_is_applied(monkeypatch, applied):
    installed = []
    monkeypatch.setattr(db_guards, "install", installed.append)
    real = MigrationRecorder.applied_migrations

    def applied_migrations(recorder):
        done = dict(real(recorder))
        if not applied:
            done.pop(db_guards.GUARDS_MIGRATION, None)
        return done

    monkeypatch.setattr(MigrationRecorder, "applied_migrations", applied_migrations)
    db_guards.post_migrate_install(sender=None)
    assert bool(installed) is applied
