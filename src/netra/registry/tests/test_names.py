"""Names: titles off, keys for indexes and spelling variants."""

import pytest

from netra.registry.names import name_key, name_variants_key, split_name


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Dr. H. Ahmad Fauzi, S.Pd., M.Pd.", "Ahmad Fauzi"),
        ("Hj. Siti Nurhaliza, S.Kep., Ns.", "Siti Nurhaliza"),
        ("Prof. Dr. Ir. H. Budi Santoso, M.Sc., Ph.D.", "Budi Santoso"),
        ("dr. Rina Wulandari, Sp.A", "Rina Wulandari"),
        ("DRS. BAMBANG SUTRISNO, M.SI", "BAMBANG SUTRISNO"),
        ("Dra. Euis Komariah, MM", "Euis Komariah"),
        ("Ir. Sutrisno, MT", "Sutrisno"),
        ("Dewi Lestari, A.Md.Kep.", "Dewi Lestari"),
        ("Ns. Yuliana, S.Kep", "Yuliana"),
        ("Budi Santoso S.Pd", "Budi Santoso"),
        ("Agus Salim SE", "Agus Salim"),
        ("H Ujang Suryana, S.Pd.I", "Ujang Suryana"),
        ("Dr.H.Ahmad Fauzi", "Ahmad Fauzi"),
        ("Rahmawati, S.E., M.AP.", "Rahmawati"),
        ("Heru Wibowo, S.IP., M.Si.", "Heru Wibowo"),
        ("Andi Saputra, S.ST.", "Andi Saputra"),
        ("Nur Aini, S.Sos", "Nur Aini"),
        ("Teguh, S.Kom.", "Teguh"),
        ("M. Rizki Pratama, S.Kom", "M. Rizki Pratama"),  # "M." is Muhammad, not a title
        ("Siti R.", "Siti R."),  # an initial is kept
        ("Hj", "Hj"),  # a name is never reduced to nothing
        ("I Gede Made Ariawan, S.Pd.H", "I Gede Made Ariawan"),
        ("  Yanti   Susanti ,  S. Pd.  ", "Yanti Susanti"),
    ],
)
def test_titles_are_removed(written, plain):
    assert split_name(written).plain == plain


def test_titles_are_kept_apart():
    parts = split_name("Prof. Dr. H. Budi Santoso, M.Sc., Ph.D.")
    assert parts.titles_before == ["Prof.", "Dr.", "H."]
    assert parts.titles_after == ["M.Sc.", "Ph.D."]


def test_name_key_is_lower_ascii_single_spaced():
    assert name_key("  SITI  Nur'aini  ") == "siti nuraini"
    assert name_key("Ré­né  Çakra-Wijaya") == "rene cakra wijaya"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Moch. Djoko Soeprapto", "Muhammad Joko Suprapto"),
        ("Mohammad Joko", "M. Yoko"),
        ("Tjahjo Kumolo", "Cahyo Kumolo"),
        ("Sjamsul Arifin", "Syamsul Arifin"),
        ("Achmad Chairul", "Ahmad Khairul"),
        ("Njoman Soedjono", "Nyoman Sujono"),
        ("Ramadhan", "Ramadan"),
        ("Muhamad Fatimah", "Muhammad Fatima"),
    ],
)
def test_spelling_variants_share_a_key(a, b):
    assert name_variants_key(a) == name_variants_key(b)


def test_different_names_keep_different_variant_keys():
    assert name_variants_key("Budi Santoso") != name_variants_key("Budi Setiawan")
