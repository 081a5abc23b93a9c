"""Name keys: what people type for a region, without the administrative prefix or accents."""

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’‘`]")
_NOISE = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
# Longest first; "kab." is written as "kab" once punctuation is gone.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kabupaten administrasi", "kabupaten"),
    ("kota administrasi", "kota"),
    ("kota adm", "kota"),
    ("kabupaten", "kabupaten"),
    ("kab", "kabupaten"),
    ("kota", "kota"),
    ("provinsi", "provinsi"),
    ("prov", "provinsi"),
)


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: "Bu Nuapu’u" -> "bu nuapuu"."""
    plain = str(text)
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.lower()
    plain = _APOSTROPHES.sub("", plain)
    plain = _NOISE.sub(" ", plain)
    return _SPACES.sub(" ", plain).strip()


def split_prefix(text: str) -> tuple[str | None, str]:
    """("kabupaten" | "kota" | "provinsi" | None, folded rest). A lone prefix word is a name."""
    folded = fold(text)
    for prefix, kind in _PREFIXES:
        if folded.startswith(prefix + " "):
            rest = folded[len(prefix) + 1 :].strip()
            if rest:
                return kind, rest
    return None, folded


def name_key(name: str, level: int) -> str:
    """Key stored in `Region.name_key`.

    Only provinces and regencies/cities carry an administrative prefix in the official names;
    district and village names that start with "Kota" (e.g. the district "Kota Baru") keep it.
    """
    if level <= 2:
        return split_prefix(name)[1]
    return fold(name)
