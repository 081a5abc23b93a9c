"""Writes of the sanctions app (placeholder)."""


def data_block_follow_transition(*, actor, case, source, target, facts):
    return None
