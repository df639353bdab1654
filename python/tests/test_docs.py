"""Runs every ```python block of docs/python.md, in order, in one namespace (like a notebook)."""

import os
import re

from conftest import ROOT

DOC = ROOT / "docs" / "python.md"


def blocks():
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_doc_has_examples():
    assert len(blocks()) >= 3


def test_doc_code_runs(monkeypatch, vigil_bin):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("VIGIL_BIN", str(vigil_bin))
    namespace = {"__name__": "__docs__"}
    for i, block in enumerate(blocks()):
        code = compile(block, f"{DOC}:block{i}", "exec")
        exec(code, namespace)  # noqa: S102 - the documentation's own examples
    assert os.path.isfile(ROOT / "target" / "python-docs" / "events_per_week.png")
