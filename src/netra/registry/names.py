"""Personal names as written in staff records: titles off, keys for indexes and fuzzy matching.

`split_name("Dr. H. Ahmad Fauzi, S.Pd., M.Pd.")` -> plain "Ahmad Fauzi", titles before
["Dr.", "H."], titles after ["S.Pd.", "M.Pd."]. `name_key` is the indexed exact form;
`name_variants_key` folds old spellings (Soewandi: oe, dj, tj, j, nj, sj, ch) and the many ways
of writing Muhammad, so that "Moch. Djoko Soeprapto" and "Muhammad Joko Suprapto" meet.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles compared without case, dots or spaces ("S. Pd. I" == "s.pd.i" == "spdi").
# Before the name: academic, medical, religious (hajj) and customary titles.
PREFIX_TITLES = _word_set(
    """
    dr drs dra drg ir prof h hj kh hc ns apt bd tgk teuku
    """
)
# After the name: Indonesian degrees (S1 S./M./D-level A.Md.), specialists and foreign degrees.
SUFFIX_TITLES = _word_set(
    """
    spd spdi spdsd spdk sag sthi sth shi sh se sm mm mh mpd mpdi msi mag mkes mkom mt mba
    ma msc mphil phd dphil mak mhum mpsi mhi mh mkn mtp map mip mpp msc meng mars mfarm
    skom skep ns sst sstp sstr ssos sip sap sfarm sked sgz skm ssi st stp spt spsi ssn sds
    shut sikom ssy sei shum shi shi spi stt str ssit sakun stptk strkes strkep sge sde
    amd amdkep amdkeb amdkes amdgz amdfarm amdak amdpd amapd ama amk amkeb amkg amg amf
    amdtrad ampd ap apt
    spa spb spog sppd spjp spm spkj spp sprad sps spt sprm spn spkk spu spog spbs spot
    spank spjp mked mkeb mkep mgz mtr mtrkes mtrakp mtrip mkn llm lld dba dds bsc ba
    bba msn ners bidan keb dr drs ir prof h hj
    cpa ca cma cfa pmp ak akt cht chrp cpsp cphr
    """
)
# A degree-shaped token: "S.Pd", "M.Kes.", "A.Md.Kep", "Sp.PD", "Ph.D", "S.Tr.Kes".
_DEGREE_SHAPE = re.compile(r"^(?:[A-Za-z]{1,4}\.){1,4}[A-Za-z]{1,5}\.?$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc]")

MUHAMMAD_FORMS = _word_set(
    """
    muhammad muhamad muhammmad mohammad mohamad mohammed mohamed muhammed muhamed
    mochammad mochamad mochamat mokhammad mukhammad muchammad muchamad
    moch mochd moh muh mhd mhmd mohd md
    """
)


@dataclass(frozen=True)
class NameParts:
    plain: str
    titles_before: list[str] = field(default_factory=list)
    titles_after: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return name_key(self.plain)


def _title_key(token: str) -> str:
    return re.sub(r"[\s.]+", "", token).lower()


def _is_suffix_title(part: str) -> bool:
    part = part.strip()
    if not part:
        return True
    key = _title_key(part)
    if key in SUFFIX_TITLES:
        return True
    return bool(_DEGREE_SHAPE.match(part.replace(" ", "")))


def _squash(text: str) -> str:
    return " ".join(text.split())


def split_name(written: str) -> NameParts:
    """Separate titles before and after the name from the name itself.

    Comma-separated parts after the first are titles when they look like titles (a known
    title, or degree-shaped like "S.Pd" / "M.Kes."); titles are also taken off the end without a
    comma ("Budi Santoso S.Pd"), and off the front ("Prof. Dr. Ir. H."). A name is never
    reduced to nothing: a single word stays even if it looks like a title.
    """
    text = _squash(str(written or "").replace("\u00a0", " "))
    if not text:
        return NameParts("")
    head, *rest = [p.strip() for p in text.split(",")]
    after: list[str] = []
    kept_rest: list[str] = []
    for part in rest:
        if _is_suffix_title(part):
            if part:
                after.append(part)
        else:
            kept_rest.append(part)
    tokens = head.split(" ")
    for extra in kept_rest:
        tokens.extend(extra.split(" "))
    before: list[str] = []
    # "Dr.H.Ahmad" written without spaces: split at the dots of leading titles.
    pieces = tokens[0].split(".")
    if len(pieces) > 1 and pieces[-1] and all(_title_key(p) in PREFIX_TITLES for p in pieces[:-1]):
        tokens = [p + "." for p in pieces[:-1]] + [pieces[-1], *tokens[1:]]
    while len(tokens) > 1 and _title_key(tokens[0]) in PREFIX_TITLES:
        before.append(tokens.pop(0))
    trailing: list[str] = []
    while len(tokens) > 1 and _is_trailing_title(tokens[-1]):
        trailing.insert(0, tokens.pop())
    return NameParts(_squash(" ".join(tokens)), before, trailing + after)


def _is_trailing_title(token: str) -> bool:
    # Without a comma only dotted degrees or well-known undotted ones count: a final "SE" or
    # "MM" is a degree far more often than a name, but plain words are kept.
    key = _title_key(token)
    if "." in token:
        return key in SUFFIX_TITLES or bool(_DEGREE_SHAPE.match(token))
    return key in {"spd", "spdi", "sh", "se", "mm", "mpd", "msi", "skom", "skep", "sst", "ssos"}


def plain_name(written: str) -> str:
    return split_name(written).plain


def fold(text: str) -> str:
    """Lower-case ASCII with single spaces: accents dropped, apostrophes removed, rest spaced."""
    text = _APOSTROPHES.sub("", str(text or "").lower())
    if not text.isascii():
        # NFKD splits accents off their letters; the ASCII encode then drops them.
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _squash(_NON_ALNUM.sub(" ", text))


def name_key(name: str) -> str:
    """The exact lookup key of a name without titles: `"Siti Nur'aini"` -> `siti nuraini`."""
    return fold(name)


# Old (van Ophuijsen / Soewandi) spellings and common variants, applied in order.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("sj", "sy"),
    ("nj", "ny"),
    ("ch", "kh"),
    # Old "j" is modern "y" and old "dj" modern "j": both map to one letter so either matches.
    ("j", "y"),
    ("kh", "h"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("v", "f"),
    ("q", "k"),
    ("z", "s"),
)
_DOUBLE = re.compile(r"([a-z])\1+")
_TRAILING_H = re.compile(r"(?<=[aiueo])h\b")


# Cached: words repeat across millions of names (the national import calls this per name).
@functools.lru_cache(maxsize=100_000)
def _variant_word(word: str, *, last: bool) -> str:
    if word in MUHAMMAD_FORMS or (word == "m" and not last):
        return "muhammad"
    for old, new in _SPELLING_RULES:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    # "Fatimah"/"Fatima", "Abdullah"/"Abdulla": a final h after a vowel is often dropped.
    return _TRAILING_H.sub("", word) if len(word) > 3 else word


def name_variants_key(name: str) -> str:
    """A coarse key on which spelling variants of one name collide (for blocking, not identity).

    `Moch. Djoko Soeprapto`, `Mohammad Joko Suprapto` and `M. Yoko Suprapto` share a key.
    Feed it a name without titles (or a `name_key`).
    """
    tokens = fold(name).split()
    if not tokens:
        return ""
    last = len(tokens) - 1
    return " ".join(_variant_word(t, last=i == last) for i, t in enumerate(tokens))
