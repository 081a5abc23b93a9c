"""Which of Indonesia's three time zones a region keeps (for showing times and local days)."""

from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")

# Province codes (Kemendagri) outside WIB; everything else, and national, counts in WIB.
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96", "97"})


# The names people read after a time ("14.05 WITA").
ZONE_NAMES = {WIB.key: "WIB", WITA.key: "WITA", WIT.key: "WIT"}


def zone_name(zone: ZoneInfo | None) -> str:
    return ZONE_NAMES.get(getattr(zone, "key", ""), "")


def region_timezone(region_code: str | None) -> ZoneInfo:
    """WIB, WITA or WIT for a region code; WIB when unknown (the national default)."""
    province = (region_code or "").split(".")[0]
    if province in WITA_PROVINCES:
        return WITA
    if province in WIT_PROVINCES:
        return WIT
    return WIB
