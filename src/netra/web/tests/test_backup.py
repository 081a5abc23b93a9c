"""netra backup / restore on SQLite, fast: round trip, manifest checks, empty target, encryption.
The full drill (PostgreSQL, demo data, audit and evidence checks on the copy) is
scripts/restore_drill.py, run by `make restore-drill`."""

import io
import sqlite3
import tarfile
from pathlib import Path

import pytest

from netra import backup

KEYS = {
    "SECRET_KEY": "s" * 50,
    "SECRET_KEY_FALLBACKS": [],
    "FIELD_KEYS": ["field-new", "field-old"],
    "ACCESS_KEY_PEPPERS": ["pepper"],
    "AUDIT_ANCHOR_KEYS": ["anchor"],
}


def _site(root: Path, *, rows: int = 50) -> dict:
    """A small installation: a SQLite database, stored files (and a staged one), checkpoints."""
    db = root / "netra.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, number TEXT, body TEXT)")
        conn.executemany(
            "INSERT INTO report (number, body) VALUES (?, ?)",
            [(f"NTR-{i}", "isi ✓ " * i) for i in range(rows)],
        )
    media = root / "media"
    (media / "evidence" / "ab" / "cd").mkdir(parents=True)
    (media / "evidence" / "ab" / "cd" / "abcd01").write_bytes(b"\x89PNG evidence")
    (media / "documents").mkdir()
    (media / "documents" / "ef01.pdf").write_bytes(b"%PDF-1.7 letter")
    (media / "evidence" / "staging").mkdir()
    (media / "evidence" / "staging" / "half-written").write_bytes(b"in flight")
    checkpoints = root / "audit" / "checkpoints.jsonl"
    checkpoints.parent.mkdir()
    checkpoints.write_text('{"seq":1}\n')
    return {
        "db": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)},
        "media_root": media,
        "checkpoint_file": checkpoints,
    }


def _target(root: Path) -> dict:
    root.mkdir()
    return {
        "db": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(root / "netra.sqlite3")},
        "media_root": root / "media",
        "checkpoint_file": root / "audit" / "checkpoints.jsonl",
        "var_dir": root,
    }


def _dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def test_backup_and_restore_round_trip(tmp_path):
    (tmp_path / "s").mkdir()
    source = _site(tmp_path / "s")
    archive = tmp_path / "out" / "netra.tar"
    manifest = backup.create_backup(archive, keys=KEYS, **source)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert manifest["engine"] == "sqlite" and manifest["has_keys"]
    assert set(manifest["files"]) == {
        "db/netra.sqlite3",
        "media/evidence/ab/cd/abcd01",
        "media/documents/ef01.pdf",
        "audit/checkpoints.jsonl",
        "keys/keys.json",
    }  # the staged upload is not evidence yet
    target = _target(tmp_path / "dst")
    result = backup.restore_backup(archive, **target)
    assert _dump(target["db"]["NAME"]) == _dump(source["db"]["NAME"])
    restored = target["media_root"]
    assert (restored / "evidence" / "ab" / "cd" / "abcd01").read_bytes() == b"\x89PNG evidence"
    assert (restored / "documents" / "ef01.pdf").read_bytes() == b"%PDF-1.7 letter"
    assert not (restored / "evidence" / "staging").exists()
    assert target["checkpoint_file"].read_text() == '{"seq":1}\n'
    # Keys land where settings read them, readable by the owner only; two field keys need the
    # environment variable (a file holds one), and the restore says so.
    field_key = tmp_path / "dst" / "field_key"
    assert field_key.read_text() == "field-new" and oct(field_key.stat().st_mode & 0o777) == "0o600"
    assert (tmp_path / "dst" / "access_key_pepper").read_text() == "pepper"
    assert any("NETRA_FIELD_KEY" in note for note in result["notes"])
    # A second restore into the now full target is refused.
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore_backup(archive, **target)


def _rewrite_member(archive: Path, name: str, data: bytes) -> None:
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with tarfile.open(archive, "w") as tar:
        for member, content in members:
            if member.name == name:
                content = data
                member.size = len(data)
            tar.addfile(member, io.BytesIO(content))


def test_restore_checks_the_manifest_before_writing_anything(tmp_path):
    (tmp_path / "s").mkdir()
    source = _site(tmp_path / "s")
    archive = tmp_path / "netra.tar"
    backup.create_backup(archive, keys=None, **source)
    _rewrite_member(archive, "media/documents/ef01.pdf", b"%PDF-1.7 forged")
    target = _target(tmp_path / "dst")
    with pytest.raises(backup.BackupError, match="ef01.pdf does not match"):
        backup.restore_backup(archive, **target)
    assert not Path(target["db"]["NAME"]).exists()  # nothing was restored
    # An extra member not in the manifest is refused too.
    backup.create_backup(archive, keys=None, **source)
    with tarfile.open(archive, "a") as tar:
        info = tarfile.TarInfo("media/evidence/smuggled")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(backup.BackupError, match="not in the manifest"):
        backup.restore_backup(archive, **target)


def test_restore_refuses_a_target_database_with_tables(tmp_path):
    (tmp_path / "s").mkdir()
    source = _site(tmp_path / "s")
    archive = tmp_path / "netra.tar"
    backup.create_backup(archive, keys=None, **source)
    target = _target(tmp_path / "dst")
    with sqlite3.connect(target["db"]["NAME"]) as conn:
        conn.execute("CREATE TABLE something (id INTEGER)")
    with pytest.raises(backup.BackupError, match="target database is not empty"):
        backup.restore_backup(archive, **target)


def test_encrypted_archive_round_trip_and_refusals(tmp_path):
    (tmp_path / "s").mkdir()
    source = _site(tmp_path / "s", rows=20)
    archive = tmp_path / "netra.tar.enc"
    backup.create_backup(archive, keys=KEYS, passphrase="correct horse battery", **source)
    raw = archive.read_bytes()
    assert raw.startswith(b"NETRABK1") and b"pepper" not in raw and b"NTR-1" not in raw
    target = _target(tmp_path / "dst")
    with pytest.raises(backup.BackupError, match="passphrase"):
        backup.restore_backup(archive, **target)
    with pytest.raises(backup.BackupError, match="wrong passphrase"):
        backup.restore_backup(archive, passphrase="wrong horse battery", **target)
    archive.with_name("cut.enc").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(backup.BackupError, match="cut short|altered"):
        backup.restore_backup(
            archive.with_name("cut.enc"), passphrase="correct horse battery", **target
        )
    backup.restore_backup(archive, passphrase="correct horse battery", **target)
    assert _dump(target["db"]["NAME"]) == _dump(source["db"]["NAME"])
    assert (tmp_path / "dst" / "audit_anchor_key").read_text() == "anchor"


@pytest.mark.django_db
def test_table_digests_change_with_any_row():
    from django.db import connection

    from netra.audit.services import audit_record

    before = backup.table_digests(connection)
    audit_record(actor=None, action="test.write", target=("test", "1"))
    after = backup.table_digests(connection)
    assert after["audit_auditevent"][0] == before["audit_auditevent"][0] + 1
    assert after["audit_auditevent"][1] != before["audit_auditevent"][1]
    assert after["regions_region"] == before["regions_region"]
