"""Faults a user, a shell or a hostile folder can cause: each ends in one line on stderr and
an exit code, never a traceback, never lost output, never a line injected into a log."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import env_without

from cxref import cli, output, store

DEF = "definitions:\n  - term: CS\n    quote: Q.\n"


def test_stdout_closed_is_one_line_and_exit_3():
    done = subprocess.run([sys.executable, "-m", "cxref", "terms"], stderr=subprocess.PIPE,
                          text=True, check=False, pass_fds=(),
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 3
    assert done.stderr == "cxref: cannot write the output: standard output is closed\n"


def test_stdout_on_a_full_disk_is_one_line_and_exit_3():
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "cxref", "terms"], stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 3
    assert done.stderr == "cxref: cannot write the output: No space left on device\n"


def test_a_sources_link_that_loops(invoke, tmp_path):
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "sources").symlink_to(folder / "sources")
    run = invoke("-d", str(folder), "terms")
    assert run.exit_code == 0 and run.stdout.startswith("Terms")
    assert len(run.err_lines) == 1
    assert "unreadable" in run.stderr or "not a folder" in run.stderr


def test_a_link_out_of_the_folder_is_refused_and_never_echoed(invoke, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\nroot: x\n", encoding="utf-8")
    folder = tmp_path / "defs" / "sources"
    folder.mkdir(parents=True)
    (folder / "x.yaml").symlink_to(secret)
    run = invoke("validate", str(tmp_path / "defs"))
    assert run.exit_code == 1
    assert "link-outside" in run.stdout
    assert "hunter2" not in run.stdout + run.stderr and "password" not in run.stdout


def test_a_pager_with_unbalanced_quotes_means_no_pager(monkeypatch, capsys):
    monkeypatch.setenv("CXREF_PAGER", 'less "-R')
    assert output._pager_command() is None
    assert "cannot be read" in capsys.readouterr().err


def test_a_failing_pager_loses_no_output(monkeypatch, capsys):
    monkeypatch.setenv("CXREF_PAGER", "false")
    monkeypatch.setattr(output, "_is_tty", lambda: True)
    monkeypatch.setattr(output, "_long_for_screen", lambda text: True)
    from cxref.render import Format
    from cxref.report import Report

    output.present(Report("the table", ()), Format.markdown, None, output.Settings(),
                   Format.markdown)
    captured = capsys.readouterr()
    assert captured.out == "# the table\n"
    assert "failed (exit 1)" in captured.err


def test_ctrl_c_says_interrupted_and_exits_130(monkeypatch, capsys):
    from cxref import store

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "load", interrupted)
    assert cli.run(["compare"]) == 130
    assert capsys.readouterr().err == "cxref: interrupted\n"


def test_validate_prints_one_line_per_problem_whatever_the_file_holds(invoke, make_tree):
    # A key and a value holding newlines that would start a GitHub Actions command line.
    tree = make_tree({"sources": {"x.yaml": 'id: x\n"a\\n::error file=x::pwned": 1\n'
                                            'url: "http://a\\n::error::b"\n' + DEF}})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(str(tree)) for line in lines)
    assert not any(line.startswith("::error") for line in run.stdout.splitlines())


def test_explicit_str_tags_are_refused(invoke, make_tree):
    tree = make_tree({"sources": {"x.yaml": "id: x\ntitle: !!str 2019\n" + DEF}})
    run = invoke("validate", str(tree))
    assert run.exit_code == 1
    assert "tag uses the tag tag:yaml.org,2002:str; tags are not allowed" in run.stdout


def test_bom_then_a_bad_byte_is_placed_and_the_list_kept(invoke, tmp_path):
    folder = tmp_path / "d" / "sources"
    folder.mkdir(parents=True)
    (folder / "a.yaml").write_bytes(b"\xef\xbb\xbfid: a\ntitle: caf\xe9\n")
    (folder / "b.yaml").write_bytes(b"id: b\n")
    run = invoke("validate", str(tmp_path / "d"))
    lines = run.stdout.splitlines()
    assert lines[0] == f"{folder / 'a.yaml'}:2:11: not-utf8 is not UTF-8 (byte 0xe9)"
    assert lines[1].startswith(f"{folder / 'b.yaml'}:1:1: no-claims")


def test_a_relative_cache_home_is_ignored(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert store.cache_dir() == Path("~/.cache/cxref").expanduser()


def _without_root_reading() -> dict:
    """subprocess arguments that run a command as a user for whom file modes count: this one,
    or, when the tests run as root (root reads a folder whatever its mode), root without the
    two capabilities that let it (dropped from the bounding set before the command starts,
    so the command runs with neither)."""
    if os.geteuid() != 0:
        return {}
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                os._exit(99)
    return {"preexec_fn": drop}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux file modes and prctl")
def test_an_unreadable_sources_folder_is_one_line(tmp_path):
    """As a user who may not read it (root may read anything): one line, no traceback, for
    the commands that read (which answer from the rest, exit 0) and for validate (exit 1)."""
    base = Path(tempfile.mkdtemp(dir=tmp_path))
    os.chmod(tmp_path, 0o755)
    os.chmod(base, 0o755)
    folder = base / "defs"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    os.chmod(folder, 0o755)
    os.chmod(folder / "sources", 0o000)
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(base / "cache"),
           "XDG_DATA_HOME": str(base / "data"), "HOME": str(base)}
    try:
        for args in (["terms"], ["compare"], ["show", "a"], ["validate"]):
            done = subprocess.run([sys.executable, "-m", "cxref", "-d", str(folder), *args],
                                  env=env, capture_output=True, text=True, check=False,
                                  cwd=base, **_without_root_reading())
            assert done.returncode != 99, "could not drop root's right to read any folder"
            expected = 1 if args == ["validate"] else 2 if args[0] == "show" else 0
            assert done.returncode == expected, (args, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
            lines = (done.stdout + done.stderr).strip().splitlines()
            problem = [line for line in lines if "unreadable" in line]
            assert problem and "cannot read the folder: Permission denied" in problem[0], lines
    finally:
        os.chmod(folder / "sources", 0o755)
