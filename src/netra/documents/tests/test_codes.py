"""Verification codes: shape, normalisation of what people type, and the check character."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netra.documents import codes
from netra.readable_codes import ALPHABET

body = st.text(alphabet=ALPHABET, min_size=8, max_size=8)
CONFUSABLE = {"O": "0", "I": "1", "L": "1"}


def compact(code: str) -> str:
    return code.replace("-", "")[len(codes.PREFIX) :]


def test_new_codes_have_the_documented_shape():
    code = codes.code_new()
    assert code.startswith("VRF-") and len(code) == len("VRF-8K2M-Q7XD-3")
    assert codes.normalise(code) == code


def test_codes_are_random_not_sequential():
    assert len({codes.code_new() for _ in range(200)}) == 200


@pytest.mark.parametrize(
    "typed",
    [
        "vrf-8k2m-q7xd-{c}",
        "VRF8K2MQ7XD{c}",
        "8K2M-Q7XD-{c}",
        " vrf 8k2m q7xd {c} ",
        "VRF.8K2M.Q7XD.{c}",
    ],
)
def test_normalise_accepts_what_people_type(typed):
    canonical = codes.format_code("8K2MQ7XD")
    check = canonical[-1]
    assert codes.normalise(typed.format(c=check.lower())) == canonical


def test_normalise_reads_o_as_zero_and_i_l_as_one():
    canonical = codes.format_code("10K2M0XD")
    assert codes.normalise(canonical.replace("0", "O").replace("1", "I")) == canonical
    assert codes.normalise(canonical.replace("1", "l")) == canonical


@pytest.mark.parametrize(
    "bad", ["", "VRF", "VRF-8K2M-Q7XD", "VRF-8K2M-Q7XD-33", "x" * 500, None, 42, "VRF-8K2U-Q7XD-3"]
)
def test_normalise_rejects_malformed_input(bad):
    with pytest.raises(codes.InvalidCode):
        codes.normalise(bad)
    assert not codes.is_valid(bad)


@given(body)
def test_every_generated_code_verifies(chars):
    code = codes.format_code(chars)
    assert codes.normalise(code) == code
    assert codes.normalise(code.lower().replace("-", "")) == code


@given(body, st.integers(0, 8), st.sampled_from(ALPHABET))
def test_any_single_substitution_is_rejected(chars, position, replacement):
    original = codes.format_code(chars)
    typed = list(compact(original))
    if CONFUSABLE.get(replacement, replacement) == typed[position]:
        return  # not a different character
    typed[position] = replacement
    with pytest.raises(codes.InvalidCode):
        codes.normalise("".join(typed))


@given(body, st.integers(0, 7))
def test_any_adjacent_transposition_is_rejected(chars, position):
    # Swapping the last body character with the check character (position 7) is caught too.
    original = codes.format_code(chars)
    typed = list(compact(original))
    if typed[position] == typed[position + 1]:
        return
    typed[position], typed[position + 1] = typed[position + 1], typed[position]
    with pytest.raises(codes.InvalidCode):
        codes.normalise("".join(typed))
