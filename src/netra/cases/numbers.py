"""Readable case numbers (`KSS-24-7K3Q-9XWM`): same alphabet and check character as report
tracking numbers (`netra.readable_codes`), a different prefix so the two are never confused."""

from netra.readable_codes import check_char, random_body

PREFIX = "KSS"
BODY_LENGTH = 7


def case_number_new(year: int) -> str:
    body = random_body(BODY_LENGTH)
    chars = body + check_char(f"{year % 100:02d}{body}")
    return f"{PREFIX}-{year % 100:02d}-{chars[:4]}-{chars[4:]}"
