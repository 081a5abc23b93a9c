"""Signal receivers that keep the rollups current (filled in by services)."""


def connect() -> None:
    return None
