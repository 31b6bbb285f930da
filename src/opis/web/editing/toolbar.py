"""The staff toolbar on a document page: status, Edit, the workflow moves the viewer may make, Add
translation and History. What each person may do comes from the workflow rules, never the template.

The document page's context is built by the reading room, which knows nothing of editing; the
toolbar is a template global the page calls for signed-in viewers only, so anonymous readers pay
nothing for it.
"""

from __future__ import annotations

from typing import Any

from opis.model import Document, Status
from opis.store import workflow
from opis.store.access import Viewer
from opis.web.core.i18n import N_

# The statuses and moves of vocab/workflow.yaml, marked for the catalogue: the toolbar's context keeps the
# English labels (as the vocabulary has them), the page shows them in the reader's language, ``{{ _(m.label) }}``.
# tests/web/core/test_i18n.py checks this list against the vocabulary.
WORKFLOW_LABELS = (N_("Draft"), N_("In review"), N_("Published"), N_("Withdrawn"),  # statuses
                   N_("Submit for review"), N_("Return to draft"), N_("Publish"), N_("Withdraw"),  # moves
                   N_("Publish again"))


def staff_tools(record: dict[str, Any], me: dict[str, Any]) -> dict[str, Any]:
    """What the toolbar offers ``me`` (the template's ``me``) on the document ``record`` (its JSON)."""
    viewer = Viewer(str(me["name"]), frozenset(me.get("roles") or ()))
    # The rules read only the status; a stand-in spares re-validating the whole record on every page view.
    doc = Document.model_construct(id=str(record["id"]), title="", genre="",
                                   status=Status(record["status"]))
    doc_id = doc.id
    return {
        "status": doc.status.value,
        "status_label": workflow.status_labels().get(doc.status.value, doc.status.value),
        "edit": f"/documents/{doc_id}/edit" if workflow.may_edit(viewer, doc) else None,
        "moves": [{"target": m.target.value, "label": m.label} for m in workflow.moves_for(viewer, doc)],
        "move_url": f"/documents/{doc_id}/status",
        "add_rendition": f"/documents/{doc_id}/renditions/new" if viewer.may("add_renditions") else None,
        "history": f"/records/{doc_id}/history",
        "statements": f"/documents/{doc_id}/statements" if viewer.may("edit_drafts") else None,
    }
