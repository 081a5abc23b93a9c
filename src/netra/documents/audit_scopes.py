"""How the audit trail names issued documents and their kinds (discovered by
`netra.audit.apps`). Which documents a reader may see is said by the app that issued them
(cases for letters, prevention for certificates), through the document's subject."""

from netra.audit.describe import choices_labeller, register_values
from netra.audit.scoping import register_names, uuids
from netra.documents.choices import DocumentKind
from netra.documents.models import IssuedDocument


def _codes(ids) -> dict[str, str]:
    rows = IssuedDocument.objects.filter(public_id__in=uuids(ids)).values_list("public_id", "code")
    return {str(pid): code for pid, code in rows}


register_names(IssuedDocument, _codes)
register_values("kind", choices_labeller(DocumentKind), actions=("documents.document_issued",))
register_values(
    "code",
    lambda code: code,
    actions=(
        "documents.document_issued",
        "documents.document_revoked",
        "documents.document_opened",
    ),
)
