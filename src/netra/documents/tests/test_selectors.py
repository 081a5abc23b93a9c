"""document_verify: the same work for every kind of input; documents_for_subject ordering."""

import pytest

from netra.documents import codes
from netra.documents.choices import VerifyState
from netra.documents.selectors import document_verify, documents_for_subject

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "state"),
    [
        ("garbage", VerifyState.MALFORMED),
        (None, VerifyState.MALFORMED),
        ("", VerifyState.MALFORMED),
    ],
)
def test_malformed_input_still_costs_one_lookup(django_assert_num_queries, typed, state):
    with django_assert_num_queries(1):
        assert document_verify(typed).state == state


def test_every_answer_costs_exactly_one_query(django_assert_num_queries, issue_document):
    document = issue_document()
    for typed, state in [
        (document.code, VerifyState.VALID),
        (codes.code_new(), VerifyState.NOT_FOUND),
        ("VRF-1", VerifyState.MALFORMED),
    ]:
        with django_assert_num_queries(1):
            result = document_verify(typed)
        assert result.state == state


def test_the_result_carries_only_public_data(issue_document):
    document = issue_document(
        kind="pledge_certificate", title="Sertifikat Siti", public_fields={"name": "Siti"}
    )
    result = document_verify(document.code)
    assert result.found and result.public_items() == [("Nama", "Siti")]
    assert "Sertifikat Siti" not in repr(result)


def test_documents_for_subject_newest_first(issue_document):
    first = issue_document(subject_ref="prevention.pledge:abc")
    second = issue_document(subject_ref="prevention.pledge:abc")
    issue_document(subject_ref="prevention.pledge:other")
    assert list(documents_for_subject("prevention.pledge:abc")) == [second, first]
