"""The English catalogs (ADR 0005): each is complete, and together they give one English per
Indonesian string.

Django merges every app's catalog and the project catalog into one table, so a string translated
two ways in two catalogs is shown one way everywhere, whichever catalog wins. Where one Indonesian
word means two things (a state "Selesai" and a date "Selesai"; "wilayah" for one region and for
several), the source gives one of them a context (`pgettext`, `{% translate ... context ... %}`).
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "netra"
CATALOGS = sorted(SRC.glob("**/locale/en/LC_MESSAGES/django.po"))
# Language names are shown in their own language in both interfaces.
SAME_IN_BOTH = {"Bahasa Indonesia"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    translations: tuple[str, ...]  # msgstr, or msgstr[0], msgstr[1], ... for plurals
    fuzzy: bool


def _entries(catalog: Path) -> list[Entry]:
    """The catalog's entries (obsolete `#~` ones left out), the header included."""
    entries = []
    for block in catalog.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy, current = False, None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif match := _KEYWORD.match(line):
                current = match[1]
                fields[current] = match[2][1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" not in fields:
            continue
        strs = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
        entries.append(Entry(fields.get("msgctxt", ""), fields["msgid"], strs, fuzzy))
    return entries


def _name(catalog: Path) -> str:
    return str(catalog.relative_to(SRC))


@pytest.mark.parametrize("catalog", CATALOGS, ids=_name)
def test_catalog_is_complete(catalog):
    problems = []
    for entry in _entries(catalog):
        if not entry.msgid:
            continue  # the header
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not all(entry.translations) and entry.msgid not in SAME_IN_BOTH:
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_every_app_with_strings_has_a_catalog():
    assert len(CATALOGS) >= 8


def test_entries_are_read_with_context_plurals_and_fuzzy_flags(tmp_path):
    catalog = tmp_path / "django.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgctxt "plural"\nmsgid "wilayah"\n'
        'msgstr "regions"\n\n'
        'msgid "%(n)s butir"\nmsgid_plural "%(n)s butir"\nmsgstr[0] "%(n)s item"\n'
        'msgstr[1] ""\n"%(n)s items"\n\n'
        '#~ msgid "lama"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    assert _entries(catalog)[1:] == [
        Entry("plural", "wilayah", ("regions",), True),
        Entry("", "%(n)s butir", ("%(n)s item", "%(n)s items"), False),
    ]


def test_each_string_has_one_english_across_catalogs():
    """Same msgid and context in two catalogs: the same English, or the source needs a context."""
    english: dict[tuple[str, str], dict[str, tuple[str, ...]]] = defaultdict(dict)
    for catalog in CATALOGS:
        for entry in _entries(catalog):
            if entry.msgid and not entry.fuzzy and all(entry.translations):
                english[(entry.context, entry.msgid)][_name(catalog)] = entry.translations
    problems = []
    for (context, msgid), by_catalog in sorted(english.items()):
        first_catalog, first = next(iter(by_catalog.items()))
        for catalog, translations in by_catalog.items():
            if translations != first:
                where = f"context {context!r}" if context else "no context"
                problems.append(
                    f"{msgid!r} ({where}): {first_catalog} says {' / '.join(first)!r}, "
                    f"{catalog} says {' / '.join(translations)!r}"
                )
    assert not problems, (
        "One Indonesian string, two English texts (Django shows only one of them everywhere). "
        "Same meaning: make the catalogs agree; different meanings: give the source a context.\n"
        + "\n".join(problems)
    )


# English plurals that are the same word as the singular.
SAME_PLURAL = {"evidence", "institution letter settings"}


def test_model_plurals_are_plural_in_english():
    """Indonesian has one word for one and many ("wilayah"); the plural has its own entry."""
    from django.apps import apps
    from django.utils import translation

    problems = []
    with translation.override("en"):
        for model in apps.get_models():
            if not model.__module__.startswith("netra."):
                continue
            one, many = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
            if one == many and many not in SAME_PLURAL:
                problems.append(f"{model.__module__}.{model.__name__}: {one!r} / {many!r}")
    assert not problems, "verbose_name_plural needs pgettext_lazy('plural', ...):\n" + "\n".join(
        problems
    )


# One Indonesian word, two meanings: each has its English in the merged table.
MEANINGS = [
    ("", "Sanksi", "Sanction"),  # one sanction: a decision's, a table column
    ("plural", "Sanksi", "Sanctions"),  # the rules page's heading
    ("", "Selesai", "Closed"),  # a case or report state
    ("end date", "Selesai", "Ends"),
    ("", "wilayah", "region"),
    ("plural", "wilayah", "regions"),
    ("", "Dibatalkan", "Cancelled"),  # a case state
    ("data block", "Dibatalkan", "Withdrawn"),
    ("", "Berlaku", "Valid"),  # a letter
    ("decision status", "Berlaku", "In force"),
    ("", "Batas waktu", "Deadline"),
    ("plural", "Batas waktu", "Deadlines"),
    ("", "Tindakan", "Actions"),  # a column of buttons
    ("audit event", "Tindakan", "Action"),
]


@pytest.mark.parametrize(("context", "msgid", "english"), MEANINGS)
def test_each_meaning_reads_right_in_both_languages(context, msgid, english):
    from django.utils import translation

    def shown():
        if context:
            return translation.pgettext(context, msgid)
        return translation.gettext(msgid)

    with translation.override("en"):
        assert shown() == english
    with translation.override("id"):
        assert shown() == msgid
