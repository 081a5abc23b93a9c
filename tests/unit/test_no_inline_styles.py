"""Pages run under a CSP with `style-src 'self'`: an inline `style=""` attribute is blocked by
the browser (and shows up as a console error in the browser tests only on the pages they
visit). Every template keeps its styling in the stylesheets instead."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "netra"
INLINE_STYLE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)


def test_no_template_carries_an_inline_style_attribute():
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if INLINE_STYLE.search(line)
    ]
    assert offenders == []
