import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netra.intake import access, tracking
from netra.readable_codes import ALPHABET


def test_new_numbers_have_the_documented_shape_and_a_valid_check_char():
    # Given fresh numbers, When normalised, Then they are unchanged and valid.
    numbers = {tracking.tracking_number_new(2024) for _ in range(500)}
    assert len(numbers) == 500  # random, not sequential
    for number in numbers:
        assert number.startswith("NTR-24-") and len(number) == 16
        assert tracking.normalise(number) == number


def test_what_people_type_is_normalised():
    number = tracking.format_number(2024, "7K3Q0X1")
    messy = number.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert tracking.normalise(messy) == number
    assert tracking.normalise(number.replace("-", "")) == number


def test_every_single_typo_in_the_body_is_detected():
    number = tracking.format_number(2024, "7K3Q9XW")
    chars = list(number.replace("-", ""))
    for i in range(3, len(chars) - 1):  # year digits and body
        for c in ALPHABET:
            if c == chars[i]:
                continue
            typo = chars.copy()
            typo[i] = c
            assert not tracking.is_valid("".join(typo)), "".join(typo)


def test_every_adjacent_transposition_is_detected():
    number = tracking.format_number(2024, "7K3Q9XW").replace("-", "")
    for i in range(3, len(number) - 2):
        if number[i] == number[i + 1]:
            continue
        swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
        assert not tracking.is_valid(swapped), swapped


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "NTR",
        "NTR-24-7K3Q",
        "XXX-24-7K3Q-9XWM",
        "NTR-2A-7K3Q-9XWM",
        None,
        42,
        "NTR-24-7K3Q-9XWM-EXTRA",
        "\x00",
    ],
)
def test_malformed_numbers_are_rejected(bad):
    assert not tracking.is_valid(bad)


@given(st.text(max_size=40))
def test_normalise_only_raises_its_own_error(text):
    with contextlib.suppress(tracking.InvalidTrackingNumber):
        tracking.normalise(text)


def test_access_keys_are_long_random_and_stored_only_as_a_keyed_digest():
    keys = {access.access_key_new() for _ in range(200)}
    assert len(keys) == 200
    key = next(iter(keys))
    assert len(key.replace("-", "")) * 5 >= 128
    digest = access.access_key_digest(key)
    assert key not in digest and len(digest) == 64
    # What people type (lower case, no dashes) gives the same digest.
    assert access.access_key_digest(key.lower().replace("-", "")) == digest
    assert access.access_key_digest("wrong") != digest


def test_access_key_digest_depends_on_the_pepper_not_the_secret_key(settings):
    key = access.access_key_new()
    before = access.access_key_digest(key)
    settings.SECRET_KEY = "another secret key for this test only"
    assert access.access_key_digest(key) == before
    settings.ACCESS_KEY_PEPPERS = ["another pepper for this test only"]
    assert access.access_key_digest(key) != before
