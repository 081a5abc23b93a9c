import pytest

from netra.intake import crypto


def test_round_trip(settings):
    settings.FIELD_KEYS = ["first-key"]
    envelope = crypto.seal({"name": "Siti", "email": "siti@example.invalid"})
    assert "Siti" not in envelope and "siti@" not in envelope
    assert crypto.open_envelope(envelope) == {"name": "Siti", "email": "siti@example.invalid"}


def test_rotation_new_key_encrypts_old_key_still_decrypts(settings):
    settings.FIELD_KEYS = ["old-key"]
    old = crypto.seal({"name": "A"})
    settings.FIELD_KEYS = ["new-key", "old-key"]
    new = crypto.seal({"name": "B"})
    assert crypto.key_id_of(new) == crypto.current_key_id() != crypto.key_id_of(old)
    assert crypto.open_envelope(old) == {"name": "A"}
    assert crypto.open_envelope(new) == {"name": "B"}
    settings.FIELD_KEYS = ["new-key"]  # old key retired: old envelopes no longer open
    with pytest.raises(crypto.EnvelopeError):
        crypto.open_envelope(old)


@pytest.mark.parametrize("position", [-1, -20, 30])
def test_tampering_is_detected(settings, position):
    settings.FIELD_KEYS = ["k"]
    envelope = crypto.seal({"name": "Siti"})
    chars = list(envelope)
    chars[position] = "A" if chars[position] != "A" else "B"
    with pytest.raises(crypto.EnvelopeError):
        crypto.open_envelope("".join(chars))


@pytest.mark.parametrize("junk", ["", "v1", "v1.x.", "v2.abc.AAAA", "v1.abc.!!!!", None])
def test_malformed_envelopes_raise_envelope_error(settings, junk):
    settings.FIELD_KEYS = ["k"]
    with pytest.raises(crypto.EnvelopeError):
        crypto.open_envelope(junk)


def test_envelopes_are_not_replayable_into_another_purpose(settings):
    settings.FIELD_KEYS = ["k"]
    envelope = crypto.seal({"access_key": "x"}, aad=b"other")
    with pytest.raises(crypto.EnvelopeError):
        crypto.open_envelope(envelope)
