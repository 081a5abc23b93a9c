"""Every English catalog is complete: no untranslated or fuzzy entries (ADR 0005)."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "netra"
CATALOGS = sorted(SRC.glob("**/locale/en/LC_MESSAGES/django.po"))
# Language names are shown in their own language in both interfaces.
SAME_IN_BOTH = {"Bahasa Indonesia"}
ENTRY = re.compile(r'(#, fuzzy\n)?(?:#.*\n)*msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)')


def _text(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block))


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(SRC)))
def test_catalog_is_complete(catalog):
    problems = []
    for fuzzy, msgid, msgstr in ENTRY.findall(catalog.read_text(encoding="utf-8")):
        source = _text(msgid)
        if not source:
            continue  # the header
        if fuzzy:
            problems.append(f"fuzzy: {source!r}")
        elif not _text(msgstr) and source not in SAME_IN_BOTH:
            problems.append(f"untranslated: {source!r}")
    assert not problems, "\n".join(problems)


def test_every_app_with_strings_has_a_catalog():
    assert len(CATALOGS) >= 8
