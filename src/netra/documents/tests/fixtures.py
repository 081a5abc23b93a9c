"""Shared documents fixtures.

    def test_x(issue_document):
        document = issue_document(kind="pledge_certificate", public_fields={"name": "Siti"})

`issue_document` goes through `document_issue` (so it adds audit events) and runs the on-commit
step, so the PDF is in place under MEDIA_ROOT/documents/ when it returns.
"""

import pytest

NOTICE_TEMPLATE = "documents/pdf/notice.html"


@pytest.fixture
def issue_document(django_capture_on_commit_callbacks):
    from netra.documents.services import document_issue

    def issue(
        *,
        actor=None,
        kind="other",
        title="Pemberitahuan uji",
        issuer="Bawaslu Kabupaten Bogor",
        template=NOTICE_TEMPLATE,
        context=None,
        public_fields=None,
        subject_ref="",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            return document_issue(
                actor=actor,
                kind=kind,
                title=title,
                issuer=issuer,
                template=template,
                context=context if context is not None else {"paragraphs": ["Isi uji."]},
                public_fields=public_fields or {},
                subject_ref=subject_ref,
            )

    return issue
