"""Who may do what with a report besides seeing it, defined once (docs/development/access.md).

Intake owns the reports and the reporter's sealed identity, so it defines who may open that
identity; `cases` (which intake never imports) asks `intake.services.may_reveal_identity`.
"""

from netra.accounts.choices import Role

# Open the reporter's sealed identity (audited, refused attempts too): the officers who handle
# the report (Bawaslu, the task force) and an administrator, in the report's region.
REVEAL_REPORTER = frozenset(
    {Role.BAWASLU_OFFICER.value, Role.SATGAS_ANALYST.value, Role.ADMIN.value}
)
