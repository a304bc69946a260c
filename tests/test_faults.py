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
    monkeypatch.setenv("LINES", "1")  # one line is a screenful
    from cxref.render import TABLES, Format
    from cxref.report import Report

    output.present(Report("the table", ()), Format.markdown, None, output.Settings(),
                   Format.markdown, TABLES)
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
    assert store._cache_path([]).parent == Path("~/.cache/cxref").expanduser()


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


def _as_a_user(tmp_path: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cxref", *args], env=env, capture_output=True,
                          text=True, check=False, cwd=tmp_path, **_without_root_reading())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux file modes and prctl")
def test_an_unreadable_personal_folder_or_validate_folder_is_one_line(tmp_path):
    os.chmod(tmp_path, 0o755)
    data = tmp_path / "data"
    (data / "cxref" / "sources").mkdir(parents=True)
    mine = tmp_path / "mine"
    (mine / "sources").mkdir(parents=True)
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(data), "HOME": str(tmp_path)}
    os.chmod(data, 0o000)
    os.chmod(mine, 0o000)
    try:
        for args in (["terms"], ["compare"], ["show", "franz"], ["validate"]):
            done = _as_a_user(tmp_path, args, env)
            assert done.returncode != 99, "could not drop root's right to read any folder"
            assert done.returncode == 0, (args, done.stderr)
            assert "Traceback" not in done.stderr
        done = _as_a_user(tmp_path, ["validate", str(mine)], env)
        assert done.returncode in (1, 2) and "Traceback" not in done.stderr
        assert len((done.stdout + done.stderr).strip().splitlines()) <= 2, done
    finally:
        os.chmod(data, 0o755)
        os.chmod(mine, 0o755)


# -- every file cxref reads goes through one opening function ------------------------------------

CATALOGUES = ["terms.yaml", "pairs.yaml", "shared-traits.yaml", "disputes.yaml"]


@pytest.mark.parametrize("name", [*CATALOGUES, "sources/a.yaml"])
@pytest.mark.parametrize("kind", ["outside", "loop", "dangling", "fifo", "device"])
def test_every_file_that_is_no_plain_file_inside_is_refused_in_one_line(invoke, tmp_path,
                                                                         name, kind):
    secret = tmp_path / "secret.yaml"
    secret.write_text("root: x:0:0:hunter2\n", encoding="utf-8")
    tree = tmp_path / "defs"
    (tree / "sources").mkdir(parents=True)
    path = tree / name
    if kind == "outside":
        path.symlink_to(secret)
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "dangling":
        path.symlink_to(tree / "missing.yaml")  # inside the folder, to nothing
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    for args in (["terms"], ["validate", str(tree)]):
        run = invoke("-d", str(tree), *args) if args == ["terms"] else invoke(*args)
        text = run.stdout + run.stderr
        assert "hunter2" not in text and "x:0:0" not in text
        lines = [line for line in text.splitlines() if str(path) in line]
        assert len(lines) == 1, text
        expected = {"outside": "link-outside", "device": "link-outside", "fifo": "not-a-file"}
        assert expected.get(kind, "unreadable") in lines[0], lines[0]
    assert invoke("-d", str(tree), "compare").exit_code == 0


def test_the_personal_folder_is_read_through_the_same_door(invoke, tmp_path, monkeypatch):
    secret = tmp_path / "secret.yaml"
    secret.write_text("root: x:0:0:hunter2\n", encoding="utf-8")
    data = tmp_path / "data"
    (data / "cxref" / "sources").mkdir(parents=True)
    (data / "cxref" / "terms.yaml").symlink_to(secret)
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    run = invoke("terms")
    assert run.exit_code == 0 and "hunter2" not in run.stdout + run.stderr
    assert "link-outside" in run.stderr


# -- every write goes through one place: a full disk is one line, never a traceback ---------------

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["compare", "--help"],
                                  ["validate", "--codes"], ["validate", "BROKEN"],
                                  ["compare"], ["export", "-f", "json"], ["folders"],
                                  ["folders", "--personal"], ["new", "fresh"]])
def test_a_full_disk_is_one_line_and_exit_3(tmp_path, args):
    broken = tmp_path / "broken"
    (broken / "sources").mkdir(parents=True)
    (broken / "sources" / "b.yaml").write_text("id: b\ntitle: [\n", encoding="utf-8")
    args = [str(broken) if a == "BROKEN" else a for a in args]
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "cxref", *args], env=env, stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False, cwd=tmp_path)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.returncode == 3, done.stderr
    assert done.stderr.splitlines()[-1] == ("cxref: cannot write the output: No space left on "
                                             "device"), done.stderr


# -- Ctrl-C and SIGTERM, as a terminal and a service manager send them ---------------------------

@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
@pytest.mark.parametrize("how,code,word", [(2, 130, "interrupted"), (15, 143, "terminated")])
@pytest.mark.parametrize("after", [0.15, 0.4, 0.8])
def test_a_signal_to_the_group_ends_cxref_at_once_leaving_nothing(tmp_path, how, code, word,
                                                                 after):
    """A first run over 450 sources, signalled to its whole process group (as a terminal
    sends Ctrl-C) while it imports, reads YAML or writes the cache: it ends within a second,
    with one line and exit 130 (143 for SIGTERM), and leaves no temporary file."""
    import signal
    import time

    tree = tmp_path / "defs"
    (tree / "sources").mkdir(parents=True)
    for i in range(450):
        (tree / "sources" / f"s{i:03d}.yaml").write_text(
            f"id: s{i:03d}\ndefinitions:\n  - term: CS\n    quote: Service {i} helps.\n",
            encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(cache),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "cxref", "-d", str(tree), "compare"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    time.sleep(after)
    sent = time.monotonic()
    os.killpg(proc.pid, how)
    _, err = proc.communicate(timeout=30)
    ended = time.monotonic() - sent
    assert proc.returncode in (code, 0), err  # 0: it had finished before the signal
    if proc.returncode == code:
        assert err.decode() == f"cxref: {word}\n"
        assert ended < 1.0, ended
    assert not list(cache.glob("cxref/.corpus-*")), "a temporary file was left behind"
    signal.getsignal(signal.SIGINT)  # the test process itself was not signalled


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")
@pytest.mark.parametrize("how", [2, 15])
def test_a_signal_once_the_work_is_done_leaves_the_exit_code_the_commands(tmp_path, how):
    """Ctrl-C (or SIGTERM) after the command has written its answer, as the interpreter shuts
    down: the answer stands, exit 0. (Python gives the signal its default action back as it
    shuts down, so, handled to the end, it killed the process silently: exit -2, seen in the
    group-signal test above when a run ended just as the signal came.)"""
    script = ("import os, sys\n"
              "from cxref.__main__ import main\n"
              "sys.argv = ['cxref', '--version']\n"
              "code = main()\n"
              f"os.kill(os.getpid(), {how})\n"
              "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("cxref ")


def test_cxref_answers_ctrl_c_before_it_imports_anything_of_its_own():
    """`python -m cxref` hands Ctrl-C and SIGTERM to cxref before it imports any module of its
    own beyond the entry point and cxref.interrupts, or anything from outside the standard
    library: only the public signal module's own imports come first."""
    script = ("import sys\n"
              "before = set(sys.modules)\n"
              "import cxref.__main__ as entry\n"
              "entry.interrupts.install()\n"
              "import signal\n"
              "assert signal.getsignal(signal.SIGINT) is entry.interrupts.stop\n"
              "print(' '.join(sorted(set(sys.modules) - before)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    loaded = done.stdout.split()
    assert [m for m in loaded if m.startswith("cxref")] == ["cxref", "cxref.__main__",
                                                            "cxref.interrupts"]
    assert not {"typer", "rich", "yaml", "msgspec"} & set(loaded)
    assert all(m.split(".")[0] in sys.stdlib_module_names for m in loaded
               if not m.startswith("cxref")), loaded


def test_a_signal_with_nothing_half_written_imports_nothing():
    """The signal handler may run in the middle of an import; with nothing half-written to
    remove it imports nothing (it imported shutil, which imports re, which then met a
    half-imported enum: an AttributeError traceback and exit 1, once in 800 stress runs)."""
    script = ("import sys\n"
              "sys.modules['shutil'] = None  # importing it now fails\n"
              "from cxref import interrupts\n"
              "interrupts.stop(2, None)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stderr) == (130, "cxref: interrupted\n")


# -- every path printed goes through the same escaping as data ------------------------------------

def test_paths_with_control_characters_are_printed_as_escapes(invoke, tmp_path, monkeypatch):
    odd = tmp_path / "a\nb\x1b[31m\x07"
    (odd / "sources").mkdir(parents=True)
    (odd / "sources" / "franz.yaml").write_text(
        "id: franz\noverride: true\ndefinitions:\n  - term: CS\n    quote: Q.\n",
        encoding="utf-8")
    run = invoke("-d", str(odd), "terms")
    assert run.exit_code == 0
    assert len(run.err_lines) == 1 and "overrides" in run.stderr  # one line, newline escaped
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr and "\\x1b" in run.stderr
    for fmt in ("csv", "json", "table", "markdown", "html"):
        out = invoke("-d", str(odd), "folders", "-f", fmt).stdout
        assert "\x1b" not in out and "\x07" not in out, fmt
    monkeypatch.setenv("XDG_DATA_HOME", str(odd))
    made = invoke("new", "mine")
    assert made.exit_code == 0
    assert "\x1b" not in made.stdout and "\x07" not in made.stdout
    assert made.stdout.count("\n") == 1
    personal = invoke("folders", "--personal").stdout
    assert "\x1b" not in personal and personal.count("\n") == 1


def test_output_dash_is_stdout_and_a_link_is_not_written_through(invoke, tmp_path):
    assert invoke("terms", "-o", "-").stdout.startswith("Terms")
    target = tmp_path / "target.md"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    run = invoke("terms", "-o", str(link))
    assert run.exit_code == 2 and "is a link" in run.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    written = tmp_path / "plain.md"
    assert invoke("terms", "-o", str(written)).exit_code == 0
    assert written.read_text(encoding="utf-8").startswith("# Terms")
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_search_text_with_a_line_break_stays_one_line(invoke):
    run = invoke("search", "zzz\nqqq")
    assert run.exit_code == 0
    assert run.stdout.splitlines()[0] == "Search: zzz\\nqqq"


def test_a_file_that_fails_half_written_is_left_as_it_was(tmp_path, monkeypatch):
    """A write that fails part of the way (a full disk) leaves the file there as it was, no
    temporary file, and one OutputError; a write that succeeds replaces it whole."""
    import errno

    from cxref import output
    from cxref.errors import OutputError

    target = tmp_path / "out.md"
    text = "".join(f"line {n} " + "x" * 500 + "\n" for n in range(1000))
    output.write_file(str(target), text)
    assert target.read_text(encoding="utf-8") == text

    def half(handle, data):
        handle.write(data.encode("utf-8")[:1000])
        raise OSError(errno.ENOSPC, "No space left on device")

    target.write_text("keep me\n", encoding="utf-8")
    monkeypatch.setattr(output, "_write", half)
    with pytest.raises(OutputError, match="No space left on device"):
        output.write_file(str(target), text)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


# -- --output as the shell's > would ---------------------------------------------------------

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux modes and prctl")


def _output_as_a_user(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    done = _as_a_user(tmp_path, ["terms", "-f", "markdown", *args], env)
    assert done.returncode != 99, "could not drop root's right to write any file"
    assert "Traceback" not in done.stderr
    return done


@LINUX
@pytest.mark.parametrize("owner,mode", [("me", 0o444), ("me", 0o400), ("another", 0o644)])
def test_output_refuses_a_file_it_may_not_write_unless_forced(tmp_path, owner, mode):
    """As the shell's `>` would (exit 3, one line, the file as it was); --force replaces it,
    keeping its mode."""
    if owner == "another" and os.geteuid() != 0:
        pytest.skip("making another user's file takes root")
    os.chmod(tmp_path, 0o755)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.md"
    target.write_text("keep me\n", encoding="utf-8")
    if owner == "another":
        os.chown(target, 65534, 65534)
    os.chmod(target, mode)
    before = target.stat()
    done = _output_as_a_user(tmp_path, "-o", str(target))
    assert (done.returncode, done.stdout, done.stderr) == (
        3, "", f"cxref: cannot write '{target}': it is read-only (--force replaces it)\n")
    assert target.stat() == before and os.listdir(target.parent) == ["out.md"]
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert _output_as_a_user(tmp_path, "-o", str(target), "--force").returncode == 0
    after = target.stat()
    assert (after.st_mode, after.st_uid) == (before.st_mode, os.geteuid())
    assert target.read_text(encoding="utf-8").startswith("# Terms")
    assert os.listdir(target.parent) == ["out.md"]


@LINUX
def test_output_writes_in_place_another_users_file_it_may_write(tmp_path):
    """Renamed over, it would become ours: written in place, it stays theirs."""
    if os.geteuid() != 0:
        pytest.skip("making another user's file takes root")
    os.chmod(tmp_path, 0o755)
    target = tmp_path / "out.md"
    target.write_text("theirs\n", encoding="utf-8")
    os.chown(target, 65534, 65534)
    os.chmod(target, 0o666)
    before = target.stat()
    assert _output_as_a_user(tmp_path, "-o", str(target)).returncode == 0
    after = target.stat()
    assert (after.st_ino, after.st_uid, after.st_mode) == (before.st_ino, 65534, before.st_mode)
    assert target.read_text(encoding="utf-8").startswith("# Terms")


def test_output_to_a_file_with_other_links_writes_it_in_place(invoke, tmp_path):
    """The other links see the new text, as after the shell's `>`."""
    target, other = tmp_path / "out.md", tmp_path / "other.md"
    target.write_text("old\n", encoding="utf-8")
    os.link(target, other)
    assert invoke("terms", "-o", str(target)).exit_code == 0
    assert other.read_text(encoding="utf-8").startswith("# Terms")
    assert target.stat().st_ino == other.stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.md", "out.md"]


@LINUX
def test_output_in_a_folder_where_no_file_can_be_made(tmp_path):
    """A file there that may be written is written in place; a new one cannot be made: one
    line, exit 3."""
    os.chmod(tmp_path, 0o755)
    folder = tmp_path / "shut"
    folder.mkdir()
    (folder / "out.md").write_text("old\n", encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        assert _output_as_a_user(tmp_path, "-o", str(folder / "out.md")).returncode == 0
        assert (folder / "out.md").read_text(encoding="utf-8").startswith("# Terms")
        done = _output_as_a_user(tmp_path, "-o", str(folder / "new.md"))
        assert (done.returncode, done.stdout, done.stderr) == (
            3, "", f"cxref: cannot write '{folder / 'new.md'}': Permission denied\n")
        assert os.listdir(folder) == ["out.md"]
    finally:
        os.chmod(folder, 0o755)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_the_temporary_copy_is_never_readable_by_more_than_the_file(tmp_path, monkeypatch,
                                                                     mode):
    """Made 0600 whatever the umask, it takes the file's mode once written."""
    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, mode)
    seen = []
    real = output._write

    def spy(handle, text):
        seen.append(os.fstat(handle.fileno()).st_mode & 0o777)
        real(handle, text)

    monkeypatch.setattr(output, "_write", spy)
    umask = os.umask(0)
    try:
        output.write_file(str(target), "new\n", force=True)
    finally:
        os.umask(umask)
    assert seen == [0o600] and target.stat().st_mode & 0o777 == mode
    assert target.read_bytes() == b"new\n"


def test_output_to_a_file_named_in_250_characters(invoke, tmp_path):
    """The temporary name is short, so any name the file system takes works."""
    target = tmp_path / ("x" * 247 + ".md")
    for _ in ("made", "replaced"):
        assert invoke("terms", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Terms")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
