"""Terminal manners, through the real program in a subprocess: a reader that stops early
(`| head`), an ASCII-only or C locale, a narrow terminal, and a cheap `import cxref.cli`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHIPPED, dump_yaml, table_commands, user_source

TIMEOUT = 120  # seconds; only so that a hang fails instead of stalling the run


def cxref(*args: str, env: dict[str, str] | None = None, cwd: Path,
          **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "COLUMNS": "100", **(env or {})}
    return subprocess.run([sys.executable, "-m", "cxref", *args], capture_output=True,
                          env=environ, cwd=cwd, timeout=TIMEOUT, **kwargs)  # type: ignore


def big_tree(tmp_path: Path) -> Path:
    """A user source whose export is far bigger than a pipe's buffer (64 KiB on Linux), so the
    writer is still writing when the reader goes away."""
    quotes = [{"term": "customer-service", "quote": f"Quote {i}: " + "service " * 60}
              for i in range(400)]
    root = tmp_path / "big"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "big.yaml").write_text(dump_yaml(user_source("big", definitions=quotes)),
                                               encoding="utf-8")
    return root


def read_one_line_then_close(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """Like `cxref ... | head -1`: read one line, close the pipe, then collect the exit."""
    proc = subprocess.Popen([sys.executable, "-m", "cxref", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd,
                            env={**os.environ, "COLUMNS": "100"})
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=TIMEOUT), first, err


# -- | head -------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["export"], ["export", "-f", "html"], ["matrix", "-f", "csv"],
                                  ["compare"], ["sources", "cs"]])
def test_head_ends_quietly(tmp_path, args):
    """The reader leaves while cxref is still writing: no traceback, no message, exit 0."""
    code, first, err = read_one_line_then_close(["-d", str(big_tree(tmp_path)), *args],
                                                tmp_path)
    assert first.strip()
    assert err == b""
    assert code == 0


def test_head_in_a_shell_pipeline(tmp_path):
    tree = big_tree(tmp_path)
    proc = subprocess.run(f'set -o pipefail; "{sys.executable}" -m cxref -d "{tree}" export '
                          "| head -2", shell=True, executable="/bin/bash", capture_output=True,
                          cwd=tmp_path, timeout=TIMEOUT)
    assert proc.returncode == 0  # pipefail: this is cxref's exit status, not head's
    assert proc.stdout.startswith(b'---\ntitle: "Customer experience vs customer service')
    assert proc.stdout.count(b"\n") == 2
    assert proc.stderr == b""


def _reader_gone_before_output(tmp_path: Path, args: list[str]) -> tuple[int, bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "cxref", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=TIMEOUT), err


@pytest.mark.parametrize("args", [["export"], ["compare"]])
def test_reader_gone_before_any_output_is_quiet_and_exits_zero(tmp_path, args):
    assert _reader_gone_before_output(tmp_path, args) == (0, b"")


# -- encodings and locales -----------------------------------------------------------------------

@pytest.mark.parametrize("args", [["sources", "cs"], ["compare"], ["export"], ["show", "franz"],
                                  ["similarities", "-f", "csv"], ["why", "reactive", "-f", "json"],
                                  ["show", "nobody-by-that-name"]])
def test_ascii_output_encoding(tmp_path, args):
    proc = cxref(*args, env={"PYTHONIOENCODING": "ascii"}, cwd=tmp_path)
    assert b"Traceback" not in proc.stderr
    assert proc.returncode == (2 if "nobody-by-that-name" in args else 0), proc.stderr
    proc.stdout.decode("ascii")  # every character fits, escaped where needed
    if args == ["sources", "cs"]:
        assert b"\\u2019" in proc.stdout  # 'Zane\u2019s Cycles', escaped rather than lost


@pytest.mark.parametrize("args", [["sources", "cs"], ["compare"], ["export"], ["terms"],
                                  ["show", "franz", "-f", "html"]])
def test_c_locale(tmp_path, args):
    env = {"LC_ALL": "C", "LANG": "C"}
    proc = cxref(*args, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert proc.stdout


def test_ascii_error_message(tmp_path):
    proc = cxref("sources", "caf\u00e9 service", env={"PYTHONIOENCODING": "ascii"}, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode("ascii").count("\n") == 1


# -- a narrow terminal ---------------------------------------------------------------------------

def test_narrow_terminal_cuts_no_value(invoke):
    from cxref import loader

    run = invoke("sources", "cs", width=40)
    assert run.exit_code == 0 and run.stderr == ""
    assert max(len(line) for line in run.stdout.splitlines()) <= 40
    flat = "".join(run.stdout.split())
    corpus = loader.check_folders([SHIPPED])[0]
    quotes = [("".join(s.name.split()), d.quote, d.attributed_to) for s in corpus.sources
              for d in s.definitions if d.term == "customer-service"]
    assert quotes
    for sid, quote, voice in quotes:
        assert "".join(quote.split()) in flat, quote
        assert sid in flat
        if voice:
            assert "".join(voice.split()) in flat


@pytest.mark.parametrize("args", [["compare"], ["matrix"], ["show", "franz"], ["terms"],
                                  ["why", "reactive"], ["search", "puzzle"]])
def test_narrow_terminal_every_word_shown(invoke, args):
    """Whatever the layout at 40 columns, every word of the wide layout is still there."""
    wide = invoke(*args, width=200).stdout
    narrow = invoke(*args, width=40).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 40
    table_chars = set("┏┓┗┛┃━┡┩┠┨│─├┤┼┬┴╇╈┿╋└┘┌┐═║╭╮╰╯")
    words = {w for w in wide.split() if not set(w) & table_chars}
    flat = "".join(narrow.split())
    missing = [w for w in words if w not in flat]
    assert not missing, missing


# -- a cheap import ------------------------------------------------------------------------------

def test_import_cli_loads_neither_yaml_nor_rich(tmp_path):
    code = ("import sys\nimport cxref.cli\n"
            "print(sorted(m for m in ('yaml', 'rich', '_yaml') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_help_loads_neither_yaml_nor_rich(tmp_path):
    code = ("import sys\nfrom cxref.cli import app\n"
            "try:\n    app(['--help'], prog_name='cxref')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('yaml', 'rich') if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=TIMEOUT)
    assert "Usage: cxref" in proc.stdout
    assert proc.stderr.strip() == "[]"


# -- the pager: what docs/commands.md promises --------------------------------------------------

@pytest.fixture
def recording_pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short_terminal: None) -> Path:
    """$PAGER is a script that records $LESS and what it is given; a terminal of 10 lines."""
    seen = tmp_path / "paged"
    script = tmp_path / "pager.py"
    script.write_text(f"import os, sys\nopen({str(seen)!r}, 'wb').write(os.environ.get("
                      "'LESS', '-').encode() + b'|' + sys.stdin.buffer.read())\n",
                      encoding="utf-8")
    monkeypatch.setenv("PAGER", f"{sys.executable} {script}")
    return seen


@pytest.mark.parametrize("less,given", [(None, b"FRX"), ("-S", b"-S")])
def test_the_pager_gets_less_frx_unless_less_is_set(invoke, recording_pager, monkeypatch,
                                                   less, given):
    if less is not None:
        monkeypatch.setenv("LESS", less)
    else:
        monkeypatch.delenv("LESS", raising=False)
    assert invoke("compare").stdout == ""
    assert recording_pager.read_bytes().startswith(given + b"|")


def test_colour_is_kept_through_the_pager(invoke, recording_pager):
    assert invoke("compare", env={"FORCE_COLOR": "1"}).stdout == ""
    assert b"\x1b[" in recording_pager.read_bytes()


def test_cxref_pager_wins_over_pager(invoke, recording_pager, monkeypatch, tmp_path):
    monkeypatch.setenv("CXREF_PAGER", f"{sys.executable} -c pass")
    run = invoke("compare")
    assert run.exit_code == 0 and run.stdout == "" and not recording_pager.exists()


@pytest.mark.parametrize("name", sorted(table_commands()))
def test_columns_zero_is_the_default_width_and_a_tiny_width_the_narrowest(invoke, name):
    """COLUMNS=0 is read as unset (the terminal's width, else 80), never as no room at all
    (which printed nothing); a width below MIN_WIDTH draws at MIN_WIDTH."""
    from cxref.output import MIN_WIDTH

    args = ("--no-pager", *table_commands()[name], "--format", "table")
    unset = invoke(*args, env={"COLUMNS": None})  # type: ignore[dict-item]
    zero = invoke(*args, width=0)
    assert zero.exit_code == 0 and zero.stdout.strip(), zero.stderr
    assert zero.stdout == unset.stdout
    narrowest = invoke(*args, width=MIN_WIDTH).stdout
    assert max(len(line) for line in narrowest.splitlines()) <= MIN_WIDTH
    for width in (1, 7):
        assert invoke(*args, width=width).stdout == narrowest
