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

# Release a quarantined evidence file so it can be downloaded (audited, with a reason; the
# file's SHA-256 is checked again first): the Bawaslu officers who receive reports and an
# administrator, in the report's region. The task force reads the evidence but does not decide
# that a file no scanner could check is safe. `netra evidence release` (the CLI) is the
# operator's way and is not limited by region.
RELEASE_QUARANTINE = frozenset({Role.BAWASLU_OFFICER.value, Role.ADMIN.value})
