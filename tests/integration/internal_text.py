"""Detectors for internal text that must never reach a reader (issue #10 §5).

`visible_chunks(html)` extracts what a person sees or hears on a page: text nodes outside
`<script>`, `<style>` and comments (option texts included), plus the user-facing attributes
(`title`, `alt`, `aria-label`, `placeholder`, the label of submit buttons). Each chunk remembers
the language it is marked with (`lang` of the nearest element), so Indonesian text quoted on an
English page (`<span lang="id">`) is not taken for a translation bug.

`Detectors` holds the checks; each returns `Finding`s naming the detector and the snippet. The
database-derived lists (codes, slugs, enum values, free text written by people) are passed in,
so the same checks are unit-tested on small snippets in the test module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_ELEMENTS = {"script", "style"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
BUTTON_INPUTS = {"submit", "button", "reset"}


@dataclass(frozen=True)
class Chunk:
    text: str
    lang: str  # "id", "en" or "" when nothing on the way up says


class _VisibleText(HTMLParser):
    def __init__(self, page_lang: str = ""):
        super().__init__(convert_charrefs=True)
        self.chunks: list[Chunk] = []
        self.stack: list[tuple[str, str]] = []  # (tag, lang)
        self.skip = 0
        self.page_lang = page_lang

    def _lang(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang
        return self.page_lang

    def _add(self, text: str, lang: str | None = None) -> None:
        text = " ".join(text.split())
        if text:
            self.chunks.append(Chunk(text, (lang if lang is not None else self._lang())[:2]))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html" and attrs.get("lang"):
            self.page_lang = attrs["lang"] or ""
        lang = attrs.get("lang") or ""
        own_lang = lang or self._lang()
        if tag in SKIPPED_ELEMENTS:
            self.skip += 1
        for name in VISIBLE_ATTRIBUTES:
            if attrs.get(name):
                self._add(attrs[name], own_lang)
        if tag == "input" and (attrs.get("type") or "").lower() in BUTTON_INPUTS:
            self._add(attrs.get("value") or "", own_lang)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
            if tag in SKIPPED_ELEMENTS:
                self.skip -= 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skip:
            self.skip -= 1
        if any(t == tag for t, _ in self.stack):
            while self.stack:
                if self.stack.pop()[0] == tag:
                    break

    def handle_data(self, data):
        if not self.skip:
            self._add(data)


def visible_chunks(html: str) -> list[Chunk]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.chunks


@dataclass(frozen=True)
class Finding:
    detector: str
    snippet: str
    chunk: str

    def __str__(self) -> str:
        return f"[{self.detector}] {self.snippet!r} in {self.chunk[:160]!r}"


# ALL_CAPS_WITH_UNDERSCORES: sanction codes, error codes, enum names.
CODE_RE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
# Python / template leftovers as words of their own, and placeholders left unfilled.
LITERAL_RE = re.compile(
    r"(?<![\w-])(None|True|False|nan|NaN)(?![\w-])|-{5,}|\[\]|\{\}|\{\{|\}\}|\{%|%\(\w+\)[sd]"
)
ISO_DATE_RE = re.compile(
    r"(?<![\w-])\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
)
# Developer notes and notes about where a rule was sourced.
PROVENANCE_RE = re.compile(
    r"DOMAIN\.md|\bseeds?\b|UNCONFIRMED|\bbelum dikonfirmasi\b|\bsumber\s*:\s*domain|"
    r"\bTODO\b|\bFIXME\b|\bXXX\b|\bTBD\b|\blorem ipsum\b|\w\.py\b|\w\.toml\b|\bTraceback\b",
    re.IGNORECASE,
)

# Common English interface words that are not Indonesian words. Case-sensitive where a
# capitalised form is the UI word (buttons) and the lowercase one is too (sentences).
ENGLISH_WORDS = [
    "the",
    "The",
    "and",
    "of",
    "with",
    "from",
    "for",
    "this",
    "This",
    "that",
    "is",
    "are",
    "not",
    "your",
    "Your",
    "you",
    "please",
    "Please",
    "Submit",
    "Save",
    "Search",
    "Cancel",
    "Delete",
    "Edit",
    "Yes",
    "Back",
    "Next",
    "Previous",
    "Filter",
    "Download",
    "Upload",
    "required",
    "Required",
    "field",
    "Enter",
    "Select",
    "valid",
    "Page",
    "page",
    "results",
    "Show",
    "Close",
    "Loading",
    "Home",
    "Settings",
    "Profile",
    "Logout",
    "Login",
    "Sign",
    "Password",
    "Username",
    "Unknown",
    "unknown",
    "Today",
    "today",
    "yesterday",
    "ago",
    "minutes",
    "hours",
    "days",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "October",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Currently",
    "Change",
    "Clear",
    "Add",
    "Remove",
    "View",
    "Details",
    "Open",
    "Closed",
    "Pending",
]
# "No" is English only when it is not the Indonesian abbreviation of nomor ("No. 94").
ENGLISH_RE = re.compile(
    r"(?<![\w'-])(?:"
    + "|".join(map(re.escape, ENGLISH_WORDS))
    + r")(?![\w'-])|(?<![\w-])No(?![\w.-])"
)
INDONESIAN_WORDS = [
    "dan",
    "yang",
    "atau",
    "untuk",
    "dengan",
    "belum",
    "sudah",
    "tidak",
    "Tidak",
    "Simpan",
    "Cari",
    "Kirim",
    "Kembali",
    "Unduh",
    "Halaman",
    "wajib",
    "Wajib",
    "dari",
    "pada",
    "ini",
    "Ya",
    "Batal",
    "Hapus",
    "Ubah",
    "Masuk",
    "Keluar",
    "Laporan",
    "Kasus",
    "Pelapor",
    "Terlapor",
    "Sanksi",
    "Tanggal",
    "Berkas",
]
INDONESIAN_RE = re.compile(
    r"(?<![\w'-])(?:" + "|".join(map(re.escape, INDONESIAN_WORDS)) + r")(?![\w'-])"
)
# ("Status", "Email", "Admin", "Video" are Indonesian words too and not listed.)
# Proper names and borrowed words that are the same in both languages.
ALLOWED_PHRASES = ("Bahasa Indonesia", "Netra", "English")


def _strip_allowed(text: str) -> str:
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    return text


def _word_re(words: Iterable[str]) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w.-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-]|\.\w)")


@dataclass
class Detectors:
    """The checks. `codes` are data codes (sanction, act, form ...) that must not appear verbatim;
    `slugs` are slugs of elections, acts ...; `enum_values` raw TextChoices values; `free_text`
    what people or reference data wrote in one language only (names, report texts, regulation
    titles), which may appear on a page of the other language."""

    codes: Iterable[str] = ()
    slugs: Iterable[str] = ()
    enum_values: Iterable[str] = ()
    free_text: Iterable[str] = ()
    _codes_re: re.Pattern | None = field(init=False, default=None)
    _slugs_re: re.Pattern | None = field(init=False, default=None)
    _enums_re: re.Pattern | None = field(init=False, default=None)

    def __post_init__(self):
        self._codes_re = _word_re(self.codes)
        self._slugs_re = _word_re(self.slugs)
        self._enums_re = _word_re(self.enum_values)
        self.free_text = [t for t in set(self.free_text) if t and len(t) >= 3]

    def _is_free_text(self, chunk: str, snippet: str) -> bool:
        return any(snippet in t and (chunk in t or t in chunk) for t in self.free_text)

    def check_chunk(self, chunk: Chunk, page_lang: str) -> list[Finding]:
        text = chunk.text
        found: list[Finding] = []

        def add(detector: str, match: re.Match) -> None:
            if not any(f.snippet == match.group(0) for f in found):
                found.append(Finding(detector, match.group(0), text))

        for m in CODE_RE.finditer(text):
            add("code", m)
        for name, regex in (
            ("data code", self._codes_re),
            ("slug", self._slugs_re),
            ("enum value", self._enums_re),
        ):
            if regex is not None:
                for m in regex.finditer(text):
                    add(name, m)
        for m in LITERAL_RE.finditer(text):
            add("literal", m)
        for m in ISO_DATE_RE.finditer(text):
            add("ISO date", m)
        for m in PROVENANCE_RE.finditer(text):
            add("developer note", m)
        lang = chunk.lang or page_lang
        if page_lang == "id" and lang == "id":
            for m in ENGLISH_RE.finditer(_strip_allowed(text)):
                if not self._is_free_text(text, m.group(0)):
                    add("English on an Indonesian page", m)
        if page_lang == "en" and lang == "en":
            for m in INDONESIAN_RE.finditer(_strip_allowed(text)):
                if not self._is_free_text(text, m.group(0)):
                    add("Indonesian on an English page", m)
        return found

    def check_html(self, html: str, page_lang: str) -> list[Finding]:
        findings: list[Finding] = []
        for chunk in visible_chunks(html):
            findings.extend(self.check_chunk(chunk, page_lang))
        return findings
