"""Terminal manners: colour only where wanted, long output through a pager on a terminal, and
shell completion of term names, trait names and source ids."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SGR = "\x1b["


# -- colour ------------------------------------------------------------------------------------

def test_forced_colour_has_styles(invoke):
    run = invoke("compare", env={"FORCE_COLOR": "1"})
    assert run.exit_code == 0
    assert SGR in run.stdout


@pytest.mark.parametrize("how", [{"args": ["--no-color"]}, {"env": {"NO_COLOR": "1"}},
                                 {"env": {"TERM": "dumb"}}])
def test_colour_can_be_turned_off(invoke, how):
    env = {"FORCE_COLOR": "1", **how.get("env", {})}
    run = invoke(*how.get("args", []), "compare", env=env)
    assert run.exit_code == 0
    assert "\x1b" not in run.stdout
    assert "broad" in run.stdout


def test_no_colour_when_not_a_terminal(invoke):
    run = invoke("compare")  # CliRunner's stdout is not a TTY
    assert "\x1b" not in run.stdout


# -- pager -------------------------------------------------------------------------------------

@pytest.fixture
def fake_pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short_terminal: None) -> Path:
    """A pager that copies what it is given to a file; and a terminal of 10 lines."""
    seen = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(f"import sys\nopen({str(seen)!r}, 'wb').write(sys.stdin.buffer.read())\n",
                      encoding="utf-8")
    monkeypatch.setenv("CXREF_PAGER", f"{sys.executable} {script}")
    return seen


def test_long_output_on_a_terminal_goes_through_the_pager(invoke, fake_pager):
    run = invoke("sources", "cs", "-f", "markdown")
    assert run.exit_code == 0
    assert run.stdout == ""
    assert "Definitions of customer service" in fake_pager.read_text(encoding="utf-8")


def test_the_terminal_table_is_paged_too(invoke, fake_pager):
    assert invoke("compare").stdout == ""
    assert "proactive" in fake_pager.read_text(encoding="utf-8")


def test_no_pager_prints_directly(invoke, fake_pager):
    run = invoke("--no-pager", "sources", "cs", "-f", "markdown")
    assert "Definitions of customer service" in run.stdout
    assert not fake_pager.exists()


def test_short_output_is_not_paged(invoke, fake_pager):
    run = invoke("terms", "-f", "csv")  # four lines: fits the ten-line terminal
    assert "customer care" in run.stdout
    assert not fake_pager.exists()


def test_a_missing_pager_means_plain_output(invoke, fake_pager, monkeypatch):
    monkeypatch.setenv("CXREF_PAGER", "no-such-pager-anywhere")
    run = invoke("sources", "cs", "-f", "markdown")
    assert run.exit_code == 0
    assert "Definitions of customer service" in run.stdout


# -- completion --------------------------------------------------------------------------------

def _complete(words: str, tmp_path: Path) -> list[str]:
    """What bash completion offers for the last of `words`, from a real `cxref` process."""
    env = {**os.environ, "_CXREF_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("CXREF_DEFINITIONS", None)
    code = "import sys; from cxref.cli import run; sys.argv[0] = 'cxref'; run()"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_completes_term_names(tmp_path):
    offered = _complete("cxref sources cust", tmp_path)
    assert {"customer experience", "customer service", "customer care"} <= set(offered)


def test_completes_trait_names(tmp_path):
    assert "proactive" in _complete("cxref why pro", tmp_path)


def test_completes_source_ids(tmp_path):
    assert _complete("cxref show fr", tmp_path) == ["franz"]


def test_completes_sources_of_a_user_folder(tmp_path, make_tree):
    from conftest import user_source

    tree = make_tree({"sources": {"frobnitz.yaml": user_source("frobnitz")}})
    offered = _complete(f"cxref -d {tree} show fr", tmp_path)
    assert set(offered) == {"franz", "frobnitz"}



def test_a_dumb_terminal_gets_no_pager(invoke, fake_pager):
    run = invoke("why", "reactive", env={"TERM": "dumb"})
    assert run.exit_code == 0 and "Why proactive / reactive" in run.stdout
    assert not fake_pager.exists() or fake_pager.read_text(encoding="utf-8") == ""


def _printed(parts, width: int) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system="truecolor", force_terminal=True,
                      markup=False, emoji=False, highlight=False)
    for part in parts:
        console.print(part, crop=False)
    return buffer.getvalue()


@pytest.mark.parametrize("width", [40, 100])
def test_a_long_table_is_one_frame(width):
    """Columns at 100 (one top edge, one head, a rule between rows), blocks at 40."""
    from cxref.render import terminal
    from cxref.report import Cite, Column, Report, Table

    rows = tuple({"n": Cite(f"s{i}", f"Source {i}"), "q": "a quoted word " * (i % 9 + 1)}
                 for i in range(200))
    table = Table("t", (Column("n", "Source"), Column("q", "Quote", wide=True)), rows)
    page = terminal.render(Report("T", (table,), notes=("A note.",)))
    text = re.sub(r"\x1b\[[0-9;]*m", "", _printed([page], width))
    assert ("┏" in text) is (width == 100)  # columns, or blocks
    if width == 100:  # one frame: one top edge, one head, a rule between every two rows
        edges = [line[0] for line in text.splitlines() if line[:1] in "┏┃┡├└"]
        assert edges == ["┏", "┃", "┡", *["├"] * (len(rows) - 1), "└"]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_ctrl_c_while_the_pager_shows_the_text_is_the_pagers(tmp_path):
    """A pager that ignores Ctrl-C, as less does: a Ctrl-C to the terminal's whole group ends
    neither the pager nor cxref, which waits for the pager and then ends as usual."""
    import signal
    import subprocess
    import time

    from conftest import env_without

    pager = tmp_path / "pager.py"
    ready, done = tmp_path / "ready", tmp_path / "done"
    pager.write_text(
        "import signal, sys, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        f"open({str(ready)!r}, 'w').close()\nsys.stdin.read()\ntime.sleep(1.0)\n"
        f"open({str(done)!r}, 'w').write('seen')\n", encoding="utf-8")
    code = ("import sys\nfrom cxref import output\noutput._is_tty = lambda: True\n"
            "from cxref.__main__ import main\nsys.exit(main())\n")
    env = {**env_without("CXREF_DEFINITIONS", "NO_COLOR"), "CXREF_PAGER":
           f"{sys.executable} {pager}", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "LINES": "1"}  # one line is a screenful
    proc = subprocess.Popen([sys.executable, "-c", code, "sources", "cs", "-f", "markdown"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    for _ in range(600):  # until the pager has taken Ctrl-C for itself, as less does at once
        if ready.exists():
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert done.read_text(encoding="utf-8") == "seen"  # the pager ran to its end
    assert proc.returncode == 0 and err == b"", err
