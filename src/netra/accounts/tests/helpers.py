"""Small builders for the accounts tests (regions and agencies the scope tests need)."""

from netra.regions.choices import RegionKind, RegionLevel
from netra.regions.models import Region
from netra.registry.models import Agency

LEVEL_KIND = {
    1: (RegionLevel.PROVINCE, RegionKind.PROVINCE),
    2: (RegionLevel.REGENCY, RegionKind.REGENCY),
    3: (RegionLevel.DISTRICT, RegionKind.DISTRICT),
    4: (RegionLevel.VILLAGE, RegionKind.VILLAGE),
}


def region(code: str, name: str | None = None) -> Region:
    level, kind = LEVEL_KIND[code.count(".") + 1]
    parent = Region.objects.get(code=code.rsplit(".", 1)[0]) if "." in code else None
    name = name or f"Wilayah {code}"
    return Region.objects.create(
        code=code,
        name=name,
        name_key=name.lower(),
        level=level,
        kind=kind,
        parent=parent,
        edition="2025",
    )


def agency(code: str, *, region_obj: Region | None = None, kind: str = "regency") -> Agency:
    return Agency.objects.create(code=code, name=f"Instansi {code}", kind=kind, region=region_obj)
