"""One definition of how a personal name is normalised for identity resolution.

Both sides use it: `registry.name_index` writes the keys of every person with it, and
`registry.resolution` reads a reported name with it, so the rules can never drift apart.

`normalize_name("Bpk. H. Moch. Djoko Soeprapto, S.Pd.I")` gives the tokens
`["muhammad", "yoko", "suprapto"]` (titles and forms of address off, old spelling folded, every
form of Muhammad one word). The rules are the tables below, applied in this order:

1. titles and honorifics (`names.PREFIX_TITLES` / `SUFFIX_TITLES`, `ADDRESS_WORDS`) are removed;
2. spacing and punctuation: lower-case ASCII, apostrophes dropped, everything else a space;
3. Muhammad and its written forms (`names.MUHAMMAD_FORMS`, and "M." opening a longer name)
   become `muhammad`;
4. Arabic-derived compounds are joined (`Abdul Rahman`, `Abd. Rahman`, `Abdurrahman` ->
   one token), see `ARABIC_JOINERS`;
5. old and new spelling fold to one form (`SPELLING_RULES`: oe/u, dj/j, tj/c, ch/kh/h, j/y,
   dh/d, sy/s ..., double letters single, final y/i, final h after a vowel);
6. Balinese birth-order and caste words (`BALINESE_PREFIXES`) and the Batak *boru* marker
   (`BATAK_MARKERS`) are kept apart as *weak* tokens: they are often left out by a reporter and
   shared by very many people, so they may agree but never carry a match alone;
7. single letters are *initials*: matched against the first letter of a name word.

Batak clan names (`BATAK_CLANS`) stay ordinary tokens (the clan is part of the name), but are
listed so that ranking can treat a clan alone as weak evidence.
"""

import functools
import re
from dataclasses import dataclass

from netra.registry.names import MUHAMMAD_FORMS, fold, split_name


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Forms of address reporters put before a name (not titles, so `split_name` keeps them).
ADDRESS_WORDS = _words(
    """
    pak bapak bpk bp bu ibu sdr sdri saudara saudari mas mbak mba bang abang kak kakak om tante
    cik uda uni teh akang kang aa mang bung ustad ustadz ustadzah
    """
)
# Titles before the name that `names.PREFIX_TITLES` may not know, written as words.
EXTRA_PREFIX_TITLES = _words("h hj kh dr drs dra drg ir prof ns apt tgk")

# Compounds of Arabic origin written apart, joined or abbreviated: the first element and the
# next word become one token ("abdul rahman" == "abdurrahman" == "abd rahman").
ARABIC_JOINERS = _words("abd abdul abdur abdus abdun abdu abu")
# After joining, these spellings of the first element are one ("abdurahman" -> "abdrahman").
_ARABIC_PREFIX = re.compile(r"^abd(?:ul|u)?(?=[a-z]{3})")

# Old (van Ophuijsen / Soewandi) and regional spellings, applied in order to each word.
SPELLING_RULES: tuple[tuple[str, str], ...] = (
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
    ("sy", "s"),
    ("v", "f"),
    ("q", "k"),
    ("z", "s"),
    ("x", "ks"),
)
_DOUBLE = re.compile(r"([a-z])\1+")
_FINAL_Y = re.compile(r"(?<=[^aiueo])y$")
_FINAL_H = re.compile(r"(?<=[aiueo])h$")

# Balinese birth-order names and caste/nobility words: kept as weak tokens.
BALINESE_PREFIXES = _words(
    """
    i ni putu wayan gede gde made kadek nengah nyoman komang ketut luh gusti ngurah anak agung
    cokorda cok desak
    """
)
# The Batak marker before a woman's clan name ("br. Siregar", "boru Nasution").
BATAK_MARKERS = _words("br boru")
# Common Batak clan names (marga): ordinary tokens, weak when they are all a reporter gives.
BATAK_CLANS = _words(
    """
    siregar nasution harahap lubis hasibuan simanjuntak sitompul hutapea situmorang sinaga
    tampubolon pardede silalahi manurung panjaitan sihombing simatupang hutagalung pasaribu
    napitupulu sembiring ginting tarigan purba saragih damanik sitepu sinulingga ritonga daulay
    pohan batubara matondang rangkuti pulungan hutabarat marpaung simbolon sianipar
    """
)


@dataclass(frozen=True)
class NormalName:
    """A name as the resolver compares it."""

    tokens: tuple[str, ...]  # the name words, in written order, normalised
    weak: tuple[str, ...] = ()  # Balinese order/caste words, Batak boru marker
    initials: tuple[str, ...] = ()  # single letters (first letter of a name word)
    written: tuple[str, ...] = ()  # each token as written (folded), for the reasons shown

    @property
    def key(self) -> str:
        """The normalised full name in written order (indexed for trigram search)."""
        return " ".join(self.tokens)

    @property
    def sorted_key(self) -> str:
        """The tokens in alphabetical order: the same for "Teguh Fauzi" and "Fauzi Teguh"."""
        return " ".join(sorted(self.tokens))

    @property
    def is_empty(self) -> bool:
        return not (self.tokens or self.initials)


def spelling_fold(word: str) -> str:
    """One word, old or new spelling, to its folded form (rule 5)."""
    if word in MUHAMMAD_FORMS or word == "muhammad":
        return "muhammad"
    for old, new in SPELLING_RULES:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    if len(word) > 3:
        word = _FINAL_H.sub("", word)
    return _FINAL_Y.sub("i", word) if len(word) > 2 else word


def strip_address(words: list[str]) -> list[str]:
    """Forms of address and word-titles off the front (rule 1), never the last word."""
    while len(words) > 1 and (words[0] in ADDRESS_WORDS or words[0] in EXTRA_PREFIX_TITLES):
        words = words[1:]
    return words


def _join_arabic(words: list[str]) -> list[str]:
    joined: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ARABIC_JOINERS and i + 1 < len(words) and len(words[i + 1]) > 1:
            word = word + words[i + 1]
            i += 1
        joined.append(word)
        i += 1
    return [_ARABIC_PREFIX.sub("abd", w) for w in joined]


@functools.lru_cache(maxsize=200_000)
def normalize_name(written: str) -> NormalName:
    """A written name (with titles, address words, old spelling) to its `NormalName`."""
    plain = split_name(written).plain
    words = strip_address(fold(plain).split())
    # "M." opening a longer name is Muhammad (rule 3); any other single letter is an initial
    # (an initial "m" still matches a "Muhammad" in ranking).
    if len(words) > 1 and words[0] == "m":
        words = ["muhammad", *words[1:]]
    words = _join_arabic(words)
    tokens: list[str] = []
    written: list[str] = []
    weak: list[str] = []
    initials: list[str] = []
    for word in words:
        if word in BALINESE_PREFIXES or word in BATAK_MARKERS:
            weak.append(word)
        elif len(word) == 1 and word.isalpha():
            initials.append(word)
        elif word.isdigit():
            continue
        else:
            tokens.append(spelling_fold(word))
            written.append(word)
    if not tokens and weak:
        # A name made only of weak words ("Made", "Ayu") keeps them as its tokens.
        tokens, written, weak = [spelling_fold(w) for w in weak], weak, []
    return NormalName(tuple(tokens), tuple(weak), tuple(initials), tuple(written))


def index_keys(name: NormalName, *, max_token: int = 60) -> list[str]:
    """The lookup keys stored for a person (and asked for by a query): each token, and each
    unordered pair of tokens (selective even where single names are common).

    `t:<token>` and `p:<a> <b>` with a <= b. Pairs make the candidate lookup order-free.
    """
    tokens = sorted({t[:max_token] for t in name.tokens})
    keys = [f"t:{t}" for t in tokens]
    keys += [f"p:{a} {b}" for i, a in enumerate(tokens) for b in tokens[i + 1 :]]
    return keys


def pair_key(a: str, b: str) -> str:
    low, high = sorted((a, b))
    return f"p:{low} {high}"
