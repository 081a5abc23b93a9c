"""docs/cases-workflow.md shows the transitions and diagram the module declares."""

from pathlib import Path

from netra.cases import workflow

DOC = Path(__file__).resolve().parents[4] / "docs" / "cases-workflow.md"


def test_the_doc_embeds_the_current_table_and_diagram():
    text = DOC.read_text()
    assert workflow.markdown_table() in text, "regenerate the table with workflow.markdown_table()"
    assert workflow.mermaid() in text, "regenerate the diagram with workflow.mermaid()"
