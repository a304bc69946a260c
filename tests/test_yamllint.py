"""The shipped definitions pass yamllint in strict mode with the project's .yamllint (the default
rules, lines up to 100 characters)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, SHIPPED

CONFIG = REPO / ".yamllint"


def yamllint(*paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-f", "parsable",
                           "-c", str(CONFIG), *paths], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_definitions_pass_yamllint_strict():
    assert CONFIG.is_file()
    proc = yamllint(str(SHIPPED))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_yamllint_config_catches_what_it_should(tmp_path):
    """The same command fails on a long line, a missing '---' and trailing spaces, so the test
    above is not passing by checking nothing."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: " + "y" * 101 + "\nnote: z  \n", encoding="utf-8")
    proc = yamllint(str(bad))
    assert proc.returncode != 0
    assert "(line-length)" in proc.stdout
    assert "(document-start)" in proc.stdout
    assert "(trailing-spaces)" in proc.stdout
    ok = tmp_path / "ok.yaml"
    ok.write_text("---\nid: x\ntitle: " + "y" * 90 + "\n", encoding="utf-8")
    assert yamllint(str(ok)).returncode == 0
