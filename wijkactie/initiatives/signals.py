"""Other apps add to the initiatives without the initiatives app importing them (as
`events/signals.py` does for the events' pages). actie connects both in ActieConfig.ready."""

from django.dispatch import Signal

# kwargs: initiative, request. Returns HTML (already escaped) shown on the initiative's page.
initiative_page = Signal()
# kwargs: keep, remove. Sent inside the merge's transaction, before the duplicate is deleted:
# a receiver moves what it keeps of `remove` to `keep` and returns {name: count} for the log.
initiatives_merging = Signal()
