"""Reading uploaded tables (CSV or XLSX) by their header: shared by the registry import and the
attendance import. Headers are matched case-, accent- and punctuation-insensitively; cells come
back as text the way a person typed them."""

import datetime as dt
import re
from collections.abc import Mapping

from netra.registry.names import fold


def normalise_header(raw: object) -> str:
    """'NIP / NI PPPK' -> 'nip_ni_pppk'."""
    return re.sub(r"[^a-z0-9]+", "_", fold(str(raw or ""))).strip("_")


def map_header(raw_headers: list[object], aliases: Mapping[str, str]) -> list[str | None]:
    """The canonical column of each position (None for unknown columns; a repeated column
    counts once, the first time)."""
    mapped: list[str | None] = []
    seen: set[str] = set()
    for raw in raw_headers:
        column = aliases.get(normalise_header(raw))
        if column in seen:
            column = None
        if column:
            seen.add(column)
        mapped.append(column)
    return mapped


def cell_text(value: object) -> str:
    """A cell as text: dates as ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int):
        return str(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits: an 18-digit NIP typed as a number is already lost
        # (it is then reported as an invalid NIP, never guessed).
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value).strip()
