"""The interface language: Bahasa Indonesia by default, English when the user chose it."""

from django.utils import translation


def is_english() -> bool:
    return (translation.get_language() or "id").split("-")[0] == "en"
