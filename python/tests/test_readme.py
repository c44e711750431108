"""The README's Python examples run as they are, from the repository root."""

import re

from test_folio import ROOT


def test_the_readme_python_examples_run(monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "no Python example in the README's Python section"
    monkeypatch.chdir(ROOT)
    for code in blocks:
        scope = {}
        exec(compile(code, "README.md", "exec"), scope)
    assert scope["stats"].height > 0
    assert scope["ops"].height > 0
    assert "| `status` |" in capsys.readouterr().out
