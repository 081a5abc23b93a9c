"""The shared check character catches every single typo and every adjacent swap."""

from hypothesis import given
from hypothesis import strategies as st

from netra.readable_codes import ALPHABET, check_char, check_matches, compact

bodies = st.text(alphabet=ALPHABET, min_size=2, max_size=12)


@given(bodies)
def test_a_generated_code_checks(body):
    assert check_matches(body + check_char(body))


@given(bodies, st.data())
def test_every_single_substitution_is_caught(body, data):
    code = body + check_char(body)
    position = data.draw(st.integers(0, len(code) - 1))
    replacement = data.draw(st.sampled_from([c for c in ALPHABET if c != code[position]]))
    typo = code[:position] + replacement + code[position + 1 :]
    assert not check_matches(typo)


@given(bodies, st.data())
def test_every_adjacent_swap_is_caught(body, data):
    code = body + check_char(body)
    position = data.draw(st.integers(0, len(code) - 2))
    a, b = code[position], code[position + 1]
    if a == b:
        return
    swapped = code[:position] + b + a + code[position + 2 :]
    assert not check_matches(swapped)


def test_typing_is_forgiving():
    assert compact(" ntr-24 o1l.i_x ") == "NTR240111X"


def test_check_uses_only_letters_and_digits():
    assert set(check_char(ALPHABET[:20]) + check_char("0000")) <= set(ALPHABET)
