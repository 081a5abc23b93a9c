"""The normalisation rules of identity resolution, one table per rule (normalization.py)."""

import pytest

from netra.registry.normalization import index_keys, normalize_name, pair_key, spelling_fold


def tokens(written: str) -> tuple[str, ...]:
    return normalize_name(written).tokens


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Dr. H. Ahmad Fauzi, S.Pd., M.Pd.", ("ahmad", "fausi")),
        ("Drs. Bambang Hermawan, M.Si.", ("bambang", "hermawan")),
        ("Hj. Siti Aminah, A.Md.Keb.", ("siti", "amina")),
        ("Sri Rahayu, A.Md.Kep.", ("sri", "rahayu")),
        ("Mochammad Teguh Fauzi, S.Pd.I", ("muhammad", "tegu", "fausi")),
        ("Budi Santoso S.Pd", ("budi", "santoso")),
        ("Prof.Dr.Ir. Hadi Susanto", ("hadi", "susanto")),
    ],
)
def test_titles_are_removed(written, expected):
    assert tokens(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Pak Djoko Santoso", ("yoko", "santoso")),
        ("Bu Siti Aminah", ("siti", "amina")),
        ("Bapak Ahmad Fauzi", ("ahmad", "fausi")),
        ("Ibu Dewi Lestari", ("dewi", "lestari")),
        ("Bpk. Hendra", ("hendra",)),
        # The last word is a name even when it could be a form of address.
        ("Ibu", ("ibu",)),
    ],
)
def test_forms_of_address_are_removed(written, expected):
    assert tokens(written) == expected


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Soeprapto", "Suprapto"),  # oe / u
        ("Djoko", "Joko"),  # dj / j
        ("Tjahjono", "Cahyono"),  # tj / c, j / y
        ("Chairul", "Hairul"),  # ch / h
        ("Khairul", "Hairul"),  # kh / h
        ("Joesoef", "Yusuf"),  # j / y, oe / u
        ("Fauzy", "Fauzi"),  # final y / i
        ("Ramadhan", "Ramadan"),  # dh / d
        ("Syahrul", "Sahrul"),  # sy / s
        ("Abdullah", "Abdulah"),  # double letters
        ("Fatimah", "Fatima"),  # final h after a vowel
        ("Zainal", "Sainal"),  # z / s
    ],
)
def test_old_and_new_spelling_fold_to_one_form(old, new):
    assert spelling_fold(old.lower()) == spelling_fold(new.lower())


@pytest.mark.parametrize(
    "written",
    [
        "Muhammad Rizki",
        "Muhamad Rizki",
        "Mohammad Rizki",
        "Mochammad Rizki",
        "Moch. Rizki",
        "Moh. Rizki",
        "Muh. Rizki",
        "Mhd. Rizki",
        "M. Rizki",
        "Mohamed Rizki",
    ],
)
def test_every_form_of_muhammad_is_one_word(written):
    assert tokens(written) == ("muhammad", "riski")


@pytest.mark.parametrize("written", ["Rizki M.", "Tri M. Rizki"])
def test_a_later_m_is_an_initial_not_muhammad(written):
    name = normalize_name(written)
    assert "muhammad" not in name.tokens and name.initials == ("m",)


@pytest.mark.parametrize(
    ("written", "tokens_", "weak"),
    [
        ("I Wayan Sudarta", ("sudarta",), ("i", "wayan")),
        ("Ni Luh Putu Sari", ("sari",), ("ni", "luh", "putu")),
        ("I Gusti Ngurah Rai", ("rai",), ("i", "gusti", "ngurah")),
        ("Anak Agung Gede Oka", ("oka",), ("anak", "agung", "gede")),
        # A name made only of such words keeps them as its name.
        ("Made Ketut", ("made", "ketut"), ()),
    ],
)
def test_balinese_birth_order_and_caste_words_are_weak(written, tokens_, weak):
    name = normalize_name(written)
    assert name.tokens == tokens_ and name.weak == weak


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Rina br. Siregar", ("rina", "siregar")),
        ("Rina Boru Siregar", ("rina", "siregar")),
        ("Maruli Tua Simanjuntak", ("maruli", "tua", "simanyuntak")),
    ],
)
def test_batak_boru_marker_is_weak_and_the_clan_stays(written, expected):
    assert tokens(written) == expected


@pytest.mark.parametrize(
    "written", ["Abdul Rahman", "Abdurrahman", "Abd. Rahman", "Abdurahman", "Abdul Rachman"]
)
def test_arabic_compounds_written_apart_or_together_are_one_token(written):
    assert tokens(written) == ("abdrahman",)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Siti Nur'aini", ("siti", "nuraini")),
        ("  SITI   aminah ", ("siti", "amina")),
        ("Siti-Aminah", ("siti", "amina")),
        ("Sîtî Amínah", ("siti", "amina")),
    ],
)
def test_spacing_punctuation_and_accents(written, expected):
    assert tokens(written) == expected


def test_initials_are_kept_apart():
    name = normalize_name("M. T. Fauzi")
    assert name.tokens == ("muhammad", "fausi") and name.initials == ("t",)


def test_the_case_page_example_normalises_to_the_registry_name():
    assert (
        normalize_name("Muhamad Teguh Fauzy").tokens
        == normalize_name("Mochammad Teguh Fauzi, S.Pd.I").tokens
    )


def test_index_keys_are_order_free_pairs_and_tokens():
    keys = index_keys(normalize_name("Teguh Fauzi"))
    assert keys == index_keys(normalize_name("Fauzi Teguh"))
    assert set(keys) == {"t:tegu", "t:fausi", pair_key("tegu", "fausi")}
