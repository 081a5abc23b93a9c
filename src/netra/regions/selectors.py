"""Reads of region reference data (public data: no user scoping needed)."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from netra.regions.choices import RegionKind, RegionLevel
from netra.regions.codes import InvalidRegionCode, ancestor_codes, normalize_region_code
from netra.regions.models import Region
from netra.regions.names import fold, split_prefix

_PREFIX_FILTERS = {
    "kabupaten": Q(level=RegionLevel.REGENCY, kind=RegionKind.REGENCY),
    "kota": Q(level=RegionLevel.REGENCY, kind=RegionKind.CITY),
    "provinsi": Q(level=RegionLevel.PROVINCE),
}


def region_get(code: str) -> Region | None:
    """The region for "3201", "32.01", " 32-01 " ...; None when malformed or unknown."""
    try:
        dotted = normalize_region_code(code)
    except InvalidRegionCode:
        return None
    return Region.objects.select_related("parent").filter(code=dotted).first()


def region_list(
    *, level: int | None = None, parent: Region | None = None, q: str | None = None
) -> QuerySet[Region]:
    """Regions filtered by level, direct parent and name (see `region_search`)."""
    if q and q.strip():
        return region_search(q, level=level, parent=parent)
    qs = Region.objects.select_related("parent")
    if level is not None:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.order_by("code")


def region_name_filter(qs: QuerySet[Region], name: str) -> QuerySet[Region]:
    """`qs` narrowed to names containing `name` (case, accents, punctuation ignored), best first.

    "Bogor" keeps Kabupaten Bogor and Kota Bogor (and districts and villages containing the
    word); "Kab. Bogor" only the regency, "kota bogor" only the city. Exact names come first,
    then names that start with the text, then larger regions.
    """
    kind, key = split_prefix(name)
    full = fold(name)
    if not full:
        return qs.none()
    match = Q(name_key__contains=full)
    if kind is not None:
        match |= _PREFIX_FILTERS[kind] & Q(name_key__contains=key)
    else:
        key = full
    rank = Case(
        When(Q(name_key=key) | Q(name_key=full), then=Value(0)),
        When(Q(name_key__startswith=key) | Q(name_key__startswith=full), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.filter(match).annotate(match_rank=rank).order_by("match_rank", "level", "code")


def region_search(
    name: str, level: int | None = None, parent: Region | None = None
) -> QuerySet[Region]:
    """Regions found by name (see `region_name_filter`); `parent` matches any ancestor."""
    qs = Region.objects.select_related("parent")
    if level is not None:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(code__startswith=parent.code + ".")
    return region_name_filter(qs, name)


def region_ancestors(region: Region) -> list[Region]:
    """Ancestors of `region`, province first, without the region itself."""
    codes = ancestor_codes(region.code)
    if not codes:
        return []
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def region_descendant_codes(region_code: str) -> Q:
    """Q for rows whose `code` is `region_code` or lies under it."""
    return Q(code=region_code) | Q(code__startswith=region_code + ".")


# --- NIK prefix (DOMAIN.md §4.3: digits 1-6 are province, regency/city, district) ---------


class NikPrefixStatus:
    OK = "ok"
    INVALID = "invalid"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_REGENCY = "unknown_regency"
    UNKNOWN_DISTRICT = "unknown_district"


_ERRORS = {NikPrefixStatus.INVALID, NikPrefixStatus.UNKNOWN_PROVINCE}


@dataclass(frozen=True)
class NikPrefixCheck:
    status: str
    message: str
    province: Region | None = None
    regency: Region | None = None
    district: Region | None = None

    @property
    def is_error(self) -> bool:
        return self.status in _ERRORS

    @property
    def is_warning(self) -> bool:
        return self.status not in _ERRORS and self.status != NikPrefixStatus.OK


def _prefix_codes(digits6: str) -> tuple[str, str, str] | None:
    digits = str(digits6 or "").strip()
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        return None
    return digits[:2], f"{digits[:2]}.{digits[2:4]}", f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}"


def _classify(digits6: str, codes, lookup: dict[str, Region]) -> NikPrefixCheck:
    if codes is None:
        return NikPrefixCheck(
            status=NikPrefixStatus.INVALID,
            message=_("Enam angka pertama NIK harus berupa 6 digit angka."),
        )
    province, regency, district = (lookup.get(c) for c in codes)
    if province is None:
        return NikPrefixCheck(
            status=NikPrefixStatus.UNKNOWN_PROVINCE,
            message=_("Kode provinsi %(code)s pada NIK tidak ada dalam daftar Kemendagri.")
            % {"code": codes[0]},
        )
    if regency is None:
        return NikPrefixCheck(
            status=NikPrefixStatus.UNKNOWN_REGENCY,
            province=province,
            message=_(
                "Kode kabupaten/kota %(code)s pada NIK tidak ada dalam daftar Kemendagri "
                "terbaru. NIK tetap memakai kode saat diterbitkan dan kode wilayah bisa "
                "berubah: periksa secara manual."
            )
            % {"code": codes[1]},
        )
    if district is None:
        return NikPrefixCheck(
            status=NikPrefixStatus.UNKNOWN_DISTRICT,
            province=province,
            regency=regency,
            message=_(
                "Kode kecamatan %(code)s pada NIK tidak ada dalam daftar Kemendagri terbaru. "
                "NIK tetap memakai kode saat diterbitkan dan kode wilayah bisa berubah: "
                "periksa secara manual."
            )
            % {"code": codes[2]},
        )
    return NikPrefixCheck(
        status=NikPrefixStatus.OK,
        province=province,
        regency=regency,
        district=district,
        message=_("Kode wilayah NIK sesuai: %(name)s, %(parent)s, %(province)s.")
        % {"name": district.name, "parent": regency.name, "province": province.name},
    )


def nik_prefix_check(digits6: str) -> NikPrefixCheck:
    """Check the first six NIK digits against the region table (one query).

    An unknown province is an error; an unknown regency or district is only a warning, because
    a NIK keeps the prefix it was issued with while codes get renumbered (e.g. Papua 2022).
    """
    codes = _prefix_codes(digits6)
    lookup = {} if codes is None else {r.code: r for r in Region.objects.filter(code__in=codes)}
    return _classify(digits6, codes, lookup)


class NikPrefixIndex:
    """`nik_prefix_check` for bulk imports: loads provinces to districts once (~8k rows)."""

    def __init__(self) -> None:
        rows = Region.objects.filter(level__lte=RegionLevel.DISTRICT)
        self._lookup = {r.code: r for r in rows}

    def check(self, digits6: str) -> NikPrefixCheck:
        return _classify(digits6, _prefix_codes(digits6), self._lookup)
