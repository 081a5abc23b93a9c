"""The case page's evidence list: a quarantined file is marked and offers no link, its download
is refused with a message; others download as `bukti-<n>.<type>` (issue 15)."""

import pytest
from django.urls import reverse

from netra.intake.choices import EvidenceCheck
from netra.intake.tests.fixtures import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_quarantined_evidence_is_marked_without_link_and_not_served(
    case_world, staff_client, settings
):
    settings.INTAKE_AV_SCANNER = "netra.intake.tests.hostile.fake_scanner"
    case = case_world["open"](
        files=[upload("catatan.html", pdf_bytes()), upload("foto.png", png_bytes())]
    )
    report = case.report
    pdf, photo = report.evidence.order_by("id")
    type(pdf).objects.filter(pk=pdf.pk).update(check_state=EvidenceCheck.QUARANTINED)
    client = staff_client(case_world["bawaslu"])

    def link(row):
        return reverse(
            "cases:evidence", kwargs={"case_id": case.public_id, "evidence_id": row.public_id}
        )

    html = client.get(reverse("cases:detail", kwargs={"case_id": case.public_id})).content.decode()
    assert "Dikarantina" in html and f'href="{link(pdf)}"' not in html
    assert f'href="{link(photo)}"' in html
    refused = client.get(link(pdf))
    assert refused.status_code == 409 and "dikarantina" in refused.content.decode()
    served = client.get(link(photo))
    assert served.status_code == 200
    assert served["Content-Disposition"] == 'attachment; filename="bukti-2.png"'
    assert served["X-Content-Type-Options"] == "nosniff"
