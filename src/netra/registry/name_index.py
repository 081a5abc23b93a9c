"""The registry's name index: derived search data for identity resolution.

`index_people(person_ids=None)` is the one writer. Call it after people are written in bulk
(the registry import does, once per batch or once at the end); `Person.save()` calls it for the
one person saved, so single edits through services, the admin or factories stay current.

What it writes, from each person's `name_plain` through `registry.normalization` (the same
rules the resolver applies to a query):

- `PersonNameKey`: `t:<token>` and `p:<token> <token>` keys per person (B-tree primary key);
- `NameToken`: the vocabulary of tokens with approximate counts (trigram GIN on PostgreSQL).

It is set-based: people are read in id order in batches, keys computed in one Python pass and
written with COPY on PostgreSQL (`executemany` elsewhere). With `person_ids=None` the whole index
is rebuilt (truncated first), which is the fast path for a fresh 4.4 M-row registry.
"""

import functools
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from netra.registry.models import NameToken, Person, PersonNameKey
from netra.registry.normalization import index_keys, normalize_name

BATCH = 20_000
TOKEN_MAX = 60

_KEYS = PersonNameKey._meta.db_table
_TOKENS = NameToken._meta.db_table


@functools.lru_cache(maxsize=200_000)
def keys_for(name_plain: str) -> tuple[str, ...]:
    """The index keys of one name as stored (tokens cut to the column width); cached, since
    names repeat across millions of people."""
    return tuple(index_keys(normalize_name(name_plain), max_token=TOKEN_MAX))


def index_people(
    person_ids: Iterable[int] | None = None,
    *,
    batch_size: int = BATCH,
    progress: Callable[[int], object] | None = None,
) -> int:
    """(Re)index the names of `person_ids`, or of everyone when None. Returns people indexed.

    Safe to call repeatedly (old keys of the given people are replaced). Runs in its own
    transaction per batch when not already inside one.
    """
    if person_ids is None:
        # TRUNCATE is instant but refused inside a transaction with pending FK checks.
        _clear(fast=not connection.in_atomic_block)
        ids_iter = None
    else:
        ids = sorted({int(i) for i in person_ids})
        if not ids:
            return 0
        ids_iter = ids
    done = 0
    for batch in _batches(ids_iter, batch_size):
        with transaction.atomic():
            _write(batch, replace=ids_iter is not None)
        done += len(batch)
        if progress:
            progress(len(batch))
    return done


def _batches(ids: list[int] | None, size: int):
    """(id, name_plain) rows in id order, `size` at a time, by keyset pagination."""
    if ids is not None:
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            yield list(Person.objects.filter(pk__in=chunk).values_list("pk", "name_plain"))
        return
    last = 0
    while True:
        rows = list(
            Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "name_plain")[:size]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _clear(*, fast: bool) -> None:
    with connection.cursor() as cursor:
        if fast and connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {_KEYS}, {_TOKENS}")  # noqa: S608 (constant table names)
        else:
            cursor.execute(f"DELETE FROM {_KEYS}")  # noqa: S608
            cursor.execute(f"DELETE FROM {_TOKENS}")  # noqa: S608


def _write(rows: list[tuple[int, str]], *, replace: bool) -> None:
    keys: list[tuple[str, int]] = []
    counts: Counter[str] = Counter()
    for pk, name_plain in rows:
        for key in keys_for(name_plain):
            keys.append((key, pk))
            if key.startswith("t:"):
                counts[key[2:]] += 1
    ids = [pk for pk, _ in rows]
    with connection.cursor() as cursor:
        if replace:
            _forget(cursor, ids)
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {_KEYS} (key, person_id) FROM STDIN") as copy:  # noqa: S608
                for row in keys:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {_TOKENS} (token, people) "  # noqa: S608
                "SELECT * FROM unnest(%s::text[], %s::int[]) "
                "ON CONFLICT (token) DO UPDATE SET people = "
                f"{_TOKENS}.people + excluded.people",
                [list(counts), list(counts.values())],
            )
        else:
            cursor.executemany(
                f"INSERT OR IGNORE INTO {_KEYS} (key, person_id) VALUES (%s, %s)",  # noqa: S608
                keys,
            )
            cursor.executemany(
                f"INSERT INTO {_TOKENS} (token, people) VALUES (%s, %s) "  # noqa: S608
                f"ON CONFLICT (token) DO UPDATE SET people = {_TOKENS}.people + excluded.people",
                list(counts.items()),
            )


def _forget(cursor, ids: list[int]) -> None:
    """Delete the keys of `ids`, lowering the vocabulary counts of their tokens."""
    if connection.vendor == "postgresql":
        cursor.execute(
            f"WITH old AS (DELETE FROM {_KEYS} WHERE person_id = ANY(%s) RETURNING key) "  # noqa: S608
            f"UPDATE {_TOKENS} t SET people = GREATEST(t.people - o.n, 0) FROM ("
            "SELECT substr(key, 3) AS token, count(*) AS n FROM old WHERE key LIKE 't:%%' "
            "GROUP BY 1) o WHERE t.token = o.token",
            [ids],
        )
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join(["%s"] * len(chunk))
        cursor.execute(
            f"UPDATE {_TOKENS} SET people = MAX(people - (SELECT count(*) FROM {_KEYS} "  # noqa: S608
            f"WHERE key = 't:' || token AND person_id IN ({marks})), 0) WHERE token IN ("
            f"SELECT substr(key, 3) FROM {_KEYS} WHERE key LIKE 't:%%' AND person_id IN ({marks}))",
            [*chunk, *chunk],
        )
        cursor.execute(f"DELETE FROM {_KEYS} WHERE person_id IN ({marks})", chunk)  # noqa: S608
