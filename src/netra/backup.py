"""`netra backup` / `netra restore`: the database, the stored files, the keys that read them.

An archive is a tar of
  db/netra.pgdump (pg_dump custom format) or db/netra.sqlite3 (SQLite online backup API),
  media/...       every stored file under MEDIA_ROOT (evidence, documents), staging excluded,
  audit/checkpoints.jsonl  the audit chain's checkpoints (they live outside the database),
  keys/keys.json  secret key, field keys, access-key pepper, audit anchor key (unless --no-keys),
  manifest.json   format, engine, time, and the SHA-256 and size of every other member.
With the keys inside, the archive is as sensitive as the keys themselves: whoever holds it can
read reporter identities and log in as nobody but can open every envelope. `--encrypt` seals the
whole tar (scrypt-derived key, AES-256-GCM in 1 MiB chunks, the last chunk marked so a cut-off
file is refused); keep the passphrase apart from the archive.

Restore verifies the whole manifest before writing anything, refuses a target database or media
directory that is not empty, then loads the database, the files, the checkpoints and the keys.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT = 1
CHUNK = 1024 * 1024
_MAGIC = b"NETRABK1"
SKIP_DIRS = {"staging"}  # in-flight uploads: not yet anybody's evidence


class BackupError(Exception):
    """The archive is damaged, tampered with, or the target is not fit to restore into."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- database ----------------------------------------------------------------------------------


def _pg_env(db: dict) -> tuple[dict, str]:
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env.pop("PGOPTIONS", None)
    return env, db["NAME"]


def dump_database(db: dict, dest: Path) -> Path:
    """A consistent copy of the database `db` (a DATABASES entry) into directory `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    if "postgresql" in db["ENGINE"]:
        out = dest / "netra.pgdump"
        env, name = _pg_env(db)
        subprocess.run(  # noqa: S603
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(out), name],  # noqa: S607
            env=env,
            check=True,
        )
        return out
    if "sqlite3" in db["ENGINE"]:
        out = dest / "netra.sqlite3"
        source = sqlite3.connect(str(db["NAME"]))
        target = sqlite3.connect(str(out))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return out
    raise BackupError(f"unsupported database engine {db['ENGINE']}")


def _database_is_empty(db: dict) -> bool:
    if "sqlite3" in db["ENGINE"]:
        path = Path(str(db["NAME"]))
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(str(path)) as conn:
            return not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table'").fetchone()
    env, name = _pg_env(db)
    out = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "psql",
            "-XAtq",
            "-d",
            name,
            "-c",
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() == "0"


def load_database(db: dict, dump: Path) -> None:
    if "postgresql" in db["ENGINE"]:
        env, name = _pg_env(db)
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                name,
                str(dump),
            ],
            env=env,
            check=True,
        )
        return
    path = Path(str(db["NAME"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(dump))
    target = sqlite3.connect(str(path))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def table_digests(connection) -> dict[str, list]:
    """{table: [rows, sha256 of its rows in primary-key order]} for the Django `connection`:
    two databases with equal digests hold the same rows (same engine)."""
    result = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # A total order, so equal tables hash equal: the (possibly composite) primary key,
            # else every column.
            columns = connection.introspection.get_primary_key_columns(cursor, table) or [
                info.name for info in connection.introspection.get_table_description(cursor, table)
            ]
            order = ", ".join(quote(column) for column in columns)
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256()
            count = 0
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    digest.update(json.dumps(row, default=str).encode() + b"\n")
                    count += 1
            result[table] = [count, digest.hexdigest()]
    return result


# --- keys --------------------------------------------------------------------------------------


def current_keys(settings) -> dict:
    return {
        "SECRET_KEY": settings.SECRET_KEY,
        "SECRET_KEY_FALLBACKS": list(getattr(settings, "SECRET_KEY_FALLBACKS", [])),
        "FIELD_KEYS": list(settings.FIELD_KEYS),
        "ACCESS_KEY_PEPPERS": list(settings.ACCESS_KEY_PEPPERS),
        "AUDIT_ANCHOR_KEYS": list(settings.AUDIT_ANCHOR_KEYS),
    }


# Where each key lives in the var dir (settings._secret_from_env_or_file) and its variable.
KEY_FILES = {
    "SECRET_KEY": ("secret_key", "NETRA_SECRET_KEY"),
    "FIELD_KEYS": ("field_key", "NETRA_FIELD_KEY"),
    "ACCESS_KEY_PEPPERS": ("access_key_pepper", "NETRA_ACCESS_KEY_PEPPER"),
    "AUDIT_ANCHOR_KEYS": ("audit_anchor_key", "NETRA_AUDIT_ANCHOR_KEY"),
}


def write_keys(keys: dict, var_dir: Path) -> list[str]:
    """Put restored keys where settings read them; returns what the operator must still do."""
    notes = []
    for name, (filename, env_name) in KEY_FILES.items():
        value = keys.get(name)
        values = [value] if isinstance(value, str) else list(value or [])
        if not values:
            continue
        path = var_dir / filename
        path.unlink(missing_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(values[0])
        if len(values) > 1 or os.environ.get(env_name):
            notes.append(f"set {env_name} to the {len(values)} restored keys (keys/keys.json)")
    if keys.get("SECRET_KEY_FALLBACKS"):
        notes.append("set NETRA_SECRET_KEY_FALLBACKS from keys/keys.json")
    return notes


# --- archive -----------------------------------------------------------------------------------


def _walk_files(root: Path):
    if not root.exists():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for filename in sorted(filenames):
            yield Path(dirpath) / filename


def create_backup(
    out: Path,
    *,
    db: dict,
    media_root: Path,
    checkpoint_file: Path,
    keys: dict | None,
    passphrase: str | None = None,
) -> dict:
    """Write the archive to `out`; returns the manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".netra-backup-") as tmp:
        work = Path(tmp) / "archive"
        dump = dump_database(db, work / "db")  # first: files written later are merely extra
        for path in _walk_files(Path(media_root)):
            target = work / "media" / path.relative_to(media_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        if Path(checkpoint_file).exists():
            (work / "audit").mkdir()
            shutil.copy2(checkpoint_file, work / "audit" / "checkpoints.jsonl")
        if keys is not None:
            (work / "keys").mkdir()
            fd = os.open(work / "keys" / "keys.json", os.O_WRONLY | os.O_CREAT, 0o600)
            with os.fdopen(fd, "w") as handle:
                json.dump(keys, handle, indent=1)
        files = {}
        for path in sorted(p for p in work.rglob("*") if p.is_file()):
            rel = path.relative_to(work).as_posix()
            files[rel] = {"sha256": sha256_file(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": "postgresql" if dump.suffix == ".pgdump" else "sqlite",
            "database": dump.relative_to(work).as_posix(),
            "has_keys": keys is not None,
            "files": files,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        plain = Path(tmp) / "archive.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            for rel in files:
                tar.add(work / rel, arcname=rel)
        partial = out.with_name(out.name + ".partial")
        if passphrase:
            encrypt_file(plain, partial, passphrase)
        else:
            shutil.copyfile(plain, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    return manifest


def open_archive(archive: Path, dest: Path, *, passphrase: str | None = None) -> dict:
    """Extract `archive` into `dest` and check every member against the manifest; returns it.
    Raises BackupError on any mismatch, missing or unlisted member."""
    archive = Path(archive)
    with archive.open("rb") as handle:
        encrypted = handle.read(len(_MAGIC)) == _MAGIC
    tar_path = archive
    if encrypted:
        if not passphrase:
            raise BackupError("the archive is encrypted: give the passphrase")
        tar_path = dest / ".archive.tar"
        decrypt_file(archive, tar_path, passphrase)
    try:
        with tarfile.open(tar_path, "r") as tar:
            tar.extractall(dest / "x", filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"not a readable archive: {exc}") from exc
    finally:
        if encrypted:
            tar_path.unlink(missing_ok=True)
    root = dest / "x"
    try:
        manifest = json.loads((root / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError("the archive has no readable manifest") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    listed = manifest["files"]
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {
        "manifest.json"
    }
    if present - set(listed):
        raise BackupError(f"members not in the manifest: {sorted(present - set(listed))[:5]}")
    for rel, meta in listed.items():
        path = root / rel
        if not path.is_file():
            raise BackupError(f"{rel} is missing")
        if path.stat().st_size != meta["size"] or sha256_file(path) != meta["sha256"]:
            raise BackupError(f"{rel} does not match its SHA-256 in the manifest")
    return manifest


def _media_is_empty(media_root: Path) -> bool:
    return next(iter(_walk_files(media_root)), None) is None


def restore_backup(
    archive: Path,
    *,
    db: dict,
    media_root: Path,
    checkpoint_file: Path,
    var_dir: Path,
    passphrase: str | None = None,
    with_keys: bool = True,
) -> dict:
    """Verify `archive`, then restore it into an empty database and media directory.
    Returns {"manifest", "notes"}."""
    with tempfile.TemporaryDirectory(dir=Path(var_dir), prefix=".netra-restore-") as tmp:
        manifest = open_archive(archive, Path(tmp), passphrase=passphrase)
        root = Path(tmp) / "x"
        engine = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"
        if manifest["engine"] != engine:
            raise BackupError(f"the archive holds a {manifest['engine']} database, not {engine}")
        if not _database_is_empty(db):
            raise BackupError("the target database is not empty")
        if not _media_is_empty(Path(media_root)):
            raise BackupError(f"the target media directory {media_root} is not empty")
        if Path(checkpoint_file).exists() and Path(checkpoint_file).stat().st_size:
            raise BackupError(f"the target already has audit checkpoints ({checkpoint_file})")
        load_database(db, root / manifest["database"])
        media = root / "media"
        for path in _walk_files(media):
            target = Path(media_root) / path.relative_to(media)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        if (root / "audit" / "checkpoints.jsonl").exists():
            Path(checkpoint_file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / "audit" / "checkpoints.jsonl", checkpoint_file)
        notes = []
        if with_keys and manifest.get("has_keys"):
            keys = json.loads((root / "keys" / "keys.json").read_text())
            notes = write_keys(keys, Path(var_dir))
        elif not manifest.get("has_keys"):
            notes.append("the archive has no keys: configure the original ones before starting")
    return {"manifest": manifest, "notes": notes}


# --- optional encryption -------------------------------------------------------------------------


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def encrypt_file(source: Path, target: Path, passphrase: str) -> None:
    salt, prefix = os.urandom(16), os.urandom(8)
    aead = AESGCM(_derive(passphrase, salt))
    size = Path(source).stat().st_size
    with Path(source).open("rb") as src, Path(target).open("wb") as dst:
        dst.write(_MAGIC + salt + prefix)
        counter, done = 0, 0
        while True:
            chunk = src.read(CHUNK)
            done += len(chunk)
            last = done >= size
            nonce = prefix + struct.pack(">I", counter)
            sealed = aead.encrypt(nonce, chunk, b"last" if last else b"more")
            dst.write(struct.pack(">I", len(sealed)) + sealed)
            counter += 1
            if last:
                break


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    with Path(source).open("rb") as src, Path(target).open("wb") as dst:
        header = src.read(len(_MAGIC) + 24)
        salt, prefix = header[len(_MAGIC) : len(_MAGIC) + 16], header[len(_MAGIC) + 16 :]
        aead = AESGCM(_derive(passphrase, salt))
        counter = 0
        while True:
            length = src.read(4)
            if len(length) < 4:
                raise BackupError("the encrypted archive is cut short")
            sealed = src.read(struct.unpack(">I", length)[0])
            nonce = prefix + struct.pack(">I", counter)
            for flag in (b"more", b"last"):
                try:
                    dst.write(aead.decrypt(nonce, sealed, flag))
                    break
                except InvalidTag:
                    continue
            else:
                raise BackupError("wrong passphrase, or the encrypted archive was altered")
            counter += 1
            if flag == b"last":
                if src.read(1):
                    raise BackupError("data after the end of the encrypted archive")
                return
