"""Receivers of case signals (cases never imports sanctions; it signals instead)."""


def data_block_on_transition(sender, *, case, source, target, actor, role, facts, **kwargs):
    from netra.sanctions.services import data_block_follow_transition

    data_block_follow_transition(
        actor=actor, case=case, source=source, target=target, facts=facts or {}
    )
