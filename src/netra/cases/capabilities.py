"""Who may do what on a case besides the workflow's moves, defined once.

docs/development/access.md lists them.

Each capability is the set of roles that may use it; `may(user, case, capability)` asks the
user's roles on that case (`selectors.case_roles_for`, the grants that cover it). Pages, the
API and the services all ask here. A superuser counts as `admin`. The workflow's own moves
(including merging a duplicate, `workflow.MERGE_GUARDS`) keep their roles in `workflow.TRANSITIONS`.
"""

from netra.accounts.choices import Role
from netra.cases import workflow
from netra.intake import capabilities as intake_capabilities

ADMIN = Role.ADMIN.value

# Confirm who the reported person is in the registry (or "not in registry"), and classify the
# act: the handling officers of Bawaslu and the task force, and an administrator.
RESOLVE_IDENTITY = frozenset({workflow.BAWASLU, workflow.TASK_FORCE, ADMIN})
CLASSIFY = RESOLVE_IDENTITY
# Register a report as a case (their region must cover the report).
OPEN_CASE = frozenset({workflow.BAWASLU, workflow.TASK_FORCE})
# Close a duplicate as merged into another case: the roles of the workflow's merge moves.
MERGE = frozenset(
    role
    for t in workflow.TRANSITIONS
    if set(t.guards) & workflow.MERGE_GUARDS
    for role in t.roles
    if role != workflow.SYSTEM
)
# Issue (or re-issue) a case letter. The recommendation is Bawaslu's letter to the authority;
# the notice to the PPK is the authority's (the task force), or Bawaslu's copy of it. The order
# in which a user holding several roles issues is `cases.letters.ISSUER_PREFERENCE`.
ISSUE_RECOMMENDATION_LETTER = frozenset({workflow.BAWASLU, ADMIN})
ISSUE_PPK_NOTIFICATION = frozenset({workflow.TASK_FORCE, workflow.BAWASLU, ADMIN})
# Open a report's reporter identity: intake owns reports and defines it (intake never imports
# cases); the case page asks `intake.services.may_reveal_identity`, which checks the report's
# region. Listed here so the table of capabilities is complete.
REVEAL_REPORTER = intake_capabilities.REVEAL_REPORTER

# Capabilities that only apply while the case is still open.
_OPEN_ONLY = (RESOLVE_IDENTITY, CLASSIFY, MERGE)


def roles_of(user, case) -> frozenset[str]:
    """The user's roles on `case`; a superuser also acts as `admin`."""
    from netra.cases.selectors import case_roles_for

    roles = set(case_roles_for(user, case))
    if getattr(user, "is_superuser", False):
        roles.add(ADMIN)
    return frozenset(roles)


def holders(user, case, capability: frozenset[str]) -> frozenset[str]:
    """The roles under which `user` holds `capability` on `case` (empty: may not)."""
    # By identity: two capabilities may hold the same roles (resolving an identity and issuing
    # the notice to the PPK do) and still differ in when they apply.
    open_only = any(capability is c for c in _OPEN_ONLY)
    if case.state in workflow.TERMINAL_STATES and open_only:
        return frozenset()
    if capability is MERGE and case.state not in workflow.MERGEABLE_STATES:
        return frozenset()
    return roles_of(user, case) & capability


def may(user, case, capability: frozenset[str]) -> bool:
    return bool(holders(user, case, capability))
