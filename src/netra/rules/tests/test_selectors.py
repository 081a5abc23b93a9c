import datetime as dt

import pytest

from netra.rules import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day,code",
    [
        (dt.date(2020, 10, 1), "KASN"),
        (dt.date(2023, 11, 1), "KASN"),
        (dt.date(2024, 8, 23), "KASN"),
        (dt.date(2024, 8, 24), "BKN"),
        (dt.date(2027, 12, 31), "BKN"),
    ],
)
def test_recommending_authority_on(rules_loaded, day, code):
    assert selectors.recommending_authority_on(day).code == code


def test_pending_independent_body_is_listed_but_never_answers(rules_loaded):
    codes = [authority.code for authority in selectors.authority_list()]
    assert "INDEPENDENT_BODY" in codes
    assert selectors.recommending_authority_on(dt.date(2030, 1, 1)).code == "BKN"


def test_form_list_filters(rules_loaded):
    ethics = selectors.form_list(category="ethics", regulation="SKB-2022")
    assert [form.code for form in ethics] == [f"SKB2022-E{n}" for n in range(1, 8)]
    assert selectors.form_list(regulation="SKB-2020").count() == 16


def test_sanctions_by_employee_type(rules_loaded):
    codes = {sanction.code for sanction in selectors.sanction_list(employee_type="PPPK")}
    assert "PPPK_TERMINATION_WITHOUT_HONOUR" in codes
    assert not any(code.startswith("PNS_") for code in codes)
