"""Browser drafts of long forms, and how a page tells the browser to forget one.

A form page names its draft (`draft_key`) and the browser keeps what is typed under that name
until the form is saved. Once a save went through, the view stores the draft's name in the
session under DRAFT_SAVED; the page it redirects to pops it and hands it to the browser, which
forgets that draft.
"""

# The session key naming the browser draft to forget after a save.
DRAFT_SAVED = "interviews_draft_saved"


def draft_key(*parts) -> str:
    """The name of a form's browser draft, from what identifies the form ("interview", 12, …)."""
    return ":".join(str(part) for part in parts)
