"""Signals other apps may listen to without registry importing them (DESIGN.md §1)."""

from django.dispatch import Signal

# Sent after an import stored or changed people (not on a dry run); kwargs: `summary`, and
# `since` (when the import started: the people it changed have `updated_at` after it).
# Bulk paths (COPY, bulk_create) send no post_save per person, so listeners that count people
# (analytics headcounts) refresh once per import instead.
people_imported = Signal()
