"""Property tests of the structure checks (RELIABILITY.md T16): whatever the bytes, only a
refusal (or, for PDFs, "uncheckable") comes out, never another exception."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netra.intake import inspect
from netra.intake.tests.fixtures import mp4_bytes, pdf_bytes
from netra.intake.tests.hostile import webm_bytes

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _mutate(base: bytes, data) -> bytes:
    out = bytearray(base)
    for _ in range(data.draw(st.integers(1, 8))):
        if not out:
            break
        pos = data.draw(st.integers(0, len(out) - 1))
        out[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(out)))
    return bytes(out[:cut]) if data.draw(st.booleans()) else bytes(out)


def _only_refusals(check, path):
    with contextlib.suppress(inspect.Refused, inspect.Uncheckable):
        check(path)


@FUZZ
@given(data=st.data())
def test_box_walk(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "v.mp4"
    path.write_bytes(_mutate(mp4_bytes(), data))
    _only_refusals(lambda p: inspect.check_isobmff(p, heic=False), path)


@FUZZ
@given(data=st.data())
def test_ebml_walk(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "v.webm"
    path.write_bytes(_mutate(webm_bytes(), data))
    _only_refusals(inspect.check_webm, path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_pdf_parse(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "d.pdf"
    path.write_bytes(_mutate(pdf_bytes(), data))
    _only_refusals(inspect.check_pdf, path)


@pytest.mark.parametrize(
    ("check", "data"),
    [
        (lambda p: inspect.check_isobmff(p, heic=False), mp4_bytes()),
        (inspect.check_webm, webm_bytes()),
        (inspect.check_pdf, pdf_bytes()),
    ],
)
def test_the_unmutated_samples_pass(tmp_path, check, data):
    path = tmp_path / "sample"
    path.write_bytes(data)
    check(path)
