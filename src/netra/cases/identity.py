"""Identity resolution at the cases boundary: who may resolve, then `registry.resolution`.

The resolver itself (candidates, ranking, reasons) is the registry's, shared with prevention,
the API and the CLI. It searches the whole registry (the person may work anywhere), so here it
is open only to the roles of `cases.capabilities.RESOLVE_IDENTITY`.
"""

from django.core.exceptions import PermissionDenied

from netra.accounts.scopes import user_scope
from netra.cases import capabilities
from netra.registry.resolution import Candidate, ReportedPerson, Resolution, resolve

__all__ = ["Candidate", "ReportedPerson", "identity_candidates", "identity_resolution"]


def _check_resolver(user) -> None:
    scope = user_scope(user)
    if not (scope.is_superuser or scope.roles & capabilities.RESOLVE_IDENTITY):
        raise PermissionDenied("identity resolution is for Bawaslu and task-force officers")


def identity_resolution(*, user, reported: ReportedPerson, limit: int = 10) -> Resolution:
    """The resolver's answer for `reported`, for a user allowed to resolve identities.

    Raises PermissionDenied unless `user` is a Bawaslu or task-force officer (or admin).
    """
    _check_resolver(user)
    return resolve(reported, limit=limit)


def identity_candidates(
    *, user, reported: ReportedPerson, limit: int = 10, min_score: float = 20.0
) -> list[Candidate]:
    """Registry people who may be the person in `reported`, best first, with reasons.

    Raises PermissionDenied unless `user` is a Bawaslu or task-force officer (or admin).
    Returns [] when the report gives neither a usable name nor a NIP/NIK.
    """
    _check_resolver(user)
    return resolve(reported, limit=limit, min_score=min_score).candidates
