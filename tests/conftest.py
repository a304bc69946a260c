"""Shared fixtures: an isolated environment for every test, fixture trees built from dicts, and
a CliRunner helper that pins the width and keeps exit code, stdout and stderr apart.

Every test runs with ``XDG_CACHE_HOME`` pointing at its own temporary folder, so no test reads
or writes the real parsed-corpus cache, and with the variables that change cxref's output
(``CXREF_DEFINITIONS``, colour and pager settings) removed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SHIPPED = REPO / "definitions"
GOLDEN = TESTS / "golden"
WIDTH = 200  # every CliRunner run pins the terminal width, so Rich output is stable

# Variables that would make a run depend on the machine it runs on.
_UNSET = ("CXREF_DEFINITIONS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CXREF_PAGER",
          "PAGER", "TERM", "COLUMNS", "LINES", "PYTHONIOENCODING")


# Property tests: a fixed number of examples from a fixed seed, so the suite is fast and every run
# checks the same cases. HYPOTHESIS_PROFILE=explore looks wider, with fresh random examples.
# (The autouse environment fixture below only sets variables, so sharing it across examples is
# safe: hence the function-scoped-fixture health check is off.)
settings.register_profile("cxref", deadline=None, max_examples=60, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, max_examples=1000,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cxref"))


@pytest.fixture(scope="session", autouse=True)
def built_once() -> Iterator[None]:
    """cxref's Click command built from its Typer app once per test process, not once per run.

    `cxref.cli.run` asks Typer for the command on every call; a user's process calls it once,
    the suite thousands of times, and building was 60% of an in-process run's time (profiled:
    3.2 s of 5.4 s over 63 runs). Every run still goes through `cxref.cli.run` and that
    command; the tests that start cxref as a process still build it per process."""
    import typer.main

    build = typer.main.get_command
    built: dict[int, tuple[Any, Any]] = {}

    def get_command(typer_instance: Any) -> Any:
        key = id(typer_instance)
        if key not in built:  # the instance is kept, so its id is never reused
            built[key] = (typer_instance, build(typer_instance))
        return built[key][1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.main, "get_command", get_command)
        yield


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private cache folder, an empty personal folder and a neutral environment for every
    test: a developer's own ~/.local/share/cxref must not change what the tests see."""
    cache = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    for name in _UNSET:
        monkeypatch.delenv(name, raising=False)
    return cache


def shipped_docs() -> dict[str, dict[str, Any]]:
    """The shipped source files by id, read with plain PyYAML (independent of cxref's loader)."""
    out = {}
    for path in sorted((SHIPPED / "sources").glob("*.y*ml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[doc["id"]] = doc
    return out


# -- fixture trees -----------------------------------------------------------------------------

def dump_yaml(data: Any) -> str:
    """`data` as a YAML document the way a person would write it (block style, UTF-8)."""
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6)


def write_tree(root: Path, spec: Mapping[str, Any]) -> Path:
    """Create files under `root` from a dict: a dict value is a folder, except under a name
    ending in .yaml/.yml, where a dict or list is written as YAML; str is written as UTF-8 text
    and bytes as they are."""
    root.mkdir(parents=True, exist_ok=True)
    for name, value in spec.items():
        path = root / name
        is_yaml = name.endswith((".yaml", ".yml"))
        if isinstance(value, Mapping) and not is_yaml:
            write_tree(path, value)
        elif isinstance(value, bytes):
            path.write_bytes(value)
        elif isinstance(value, str):
            path.write_text(value, encoding="utf-8")
        else:
            path.write_text(dump_yaml(value), encoding="utf-8")
    return root


@pytest.fixture
def short_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """cxref's output sees a terminal of 100 columns and 10 lines, so long output is paged."""
    from cxref import output

    monkeypatch.setattr(output, "_is_tty", lambda: True)
    # shutil is the one module: pytest asks it too (with fallback=), for its progress line
    monkeypatch.setattr(output.shutil, "get_terminal_size",
                        lambda fallback=(80, 24): os.terminal_size((100, 10)))


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[..., Path]:
    """`make_tree(spec, name="defs")`: a fixture tree under this test's tmp_path."""
    def make(spec: Mapping[str, Any], name: str = "defs") -> Path:
        return write_tree(tmp_path / name, spec)
    return make


def user_source(source_id: str = "user", **fields: Any) -> dict[str, Any]:
    """A user source that fits the shipped vocabulary: one definition and one contrast."""
    doc: dict[str, Any] = {"id": source_id, "title": "A user source", "author": "A. User"}
    doc.update(fields)
    doc.setdefault("definitions", [{"term": "customer-service", "quote": "CS helps."}])
    doc.setdefault("contrasts", [{"pair": "proactive-reactive", "quote": "CS reacts."}])
    return doc


# A small, self-contained definitions tree (its own terms, pairs and shared traits), used as
# the only folder for golden files and pure tests, so shipped-data curation never churns them.
MINI_TREE: dict[str, Any] = {
    "terms.yaml": {"terms": [
        {"id": "customer-experience", "name": "customer experience", "aliases": ["CX"]},
        {"id": "customer-service", "name": "customer service", "aliases": ["CS"]},
    ]},
    "pairs.yaml": {"pairs": [
        {"id": "whole-part", "sides": {"customer-experience": "the whole",
                                       "customer-service": "a part"},
         "description": "CX is the whole journey; CS is one part of it."},
        {"id": "proactive-reactive", "sides": {"customer-experience": "proactive",
                                               "customer-service": "reactive"}},
        {"id": "feelings-actions", "sides": {"customer-experience": "feelings",
                                             "customer-service": "actions"}},
    ]},
    "shared-traits.yaml": {"shared_traits": [
        {"id": "empathy", "name": "empathy", "description": "Both need empathy."},
    ]},
    "sources": {
        "alpha.yaml": {
            "id": "alpha", "title": "Alpha on CX | CS", "author": "Ann Alpha",
            "site": "Alpha Blog", "url": "https://alpha.example/cx", "date": "2020",
            "definitions": [
                {"term": "customer-experience", "quote": "CX is *every* touchpoint."},
                {"term": "customer-service", "quote": "CS is help when asked.",
                 "attributed_to": "Gail Gamma"},
            ],
            "contrasts": [
                {"pair": "whole-part", "quote": "CS is one part of CX."},
                {"pair": "proactive-reactive", "quote": "CS waits; CX plans ahead."},
                {"pair": "feelings-actions", "quote": "CX is how it feels.",
                 "side": "customer-experience", "hedge": "how"},
                {"pair": "feelings-actions", "quote": "CS is not mere doing.",
                 "side": "customer-service", "stance": "contests"},
            ],
            "similarities": [
                {"trait": "empathy", "quote": "Both need empathy.",
                 "descriptions": {"customer-experience": "Feel the journey.",
                                  "customer-service": "Feel the call."}},
            ],
        },
        "beta.yaml": {
            "id": "beta", "title": "Beta's view: is service a piece?", "author": "Bob Beta",
            "definitions": [
                {"term": "customer-service", "quote": "Service fixes <things> & issues."},
            ],
            "contrasts": [
                {"pair": "whole-part", "quote": "Service is a piece.",
                 "side": "customer-service"},
                {"pair": "feelings-actions", "quote": "Service is what you do.",
                 "side": "customer-service", "attributed_to": "Dee Delta"},
                {"pair": "proactive-reactive", "quote": "Service does not only react.",
                 "side": "customer-service", "stance": "contests"},
            ],
        },
    },
}


@pytest.fixture
def mini_tree(make_tree: Callable[..., Path]) -> Path:
    return make_tree(MINI_TREE, "mini")


@pytest.fixture
def only_tree(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """`only_tree(path)`: make `path` stand in for the shipped definitions folder, so the CLI
    sees that tree alone."""
    def use(path: Path) -> Path:
        monkeypatch.setattr("cxref.locate.shipped_dir", lambda: path)
        return path
    return use


# -- running the CLI ---------------------------------------------------------------------------

@dataclass
class Run:
    """What one CLI run did: exit code, stdout and stderr, kept apart."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., Run]:
    """`invoke(*args, env=None, width=WIDTH, input=None)`: run `cxref args...` in-process,
    through cxref.cli.run as the console script does, with stdin, stdout and stderr
    captured by Typer's CliRunner."""
    from cxref.cli import run as cxref

    def run(*args: str, env: Mapping[str, str] | None = None, width: int = WIDTH,
            input: str | None = None) -> Run:
        environ = {"COLUMNS": str(width), **(env or {})}
        with runner.isolation(input=input, env=environ) as (out, err, _):
            try:
                code = cxref(list(args))
            except BaseException as exc:
                import traceback

                detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                raise AssertionError(f"cxref {' '.join(args)} raised:\n{detail}") from None
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        return Run(code, stdout, stderr, None)
    return run


def assert_one_line_error(run: Run, code: int, *fragments: str) -> str:
    """The run failed with `code`, printed nothing on stdout and exactly one `cxref: ...` line
    on stderr containing every fragment (no traceback); returns that line."""
    assert run.exit_code == code, (run.exit_code, run.stdout, run.stderr)
    assert run.stdout == ""
    lines = run.err_lines
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert line.startswith("cxref: "), line
    assert "Traceback" not in run.stderr
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def unsafe_chars(text: str) -> list[str]:
    """The characters of `text` that must never reach a terminal as themselves: C0 controls
    but newline and tab, DEL, C1 controls, and the Unicode format (bidi overrides, zero-width),
    line/paragraph separator and surrogate characters; as escapes, for a readable failure."""
    import unicodedata

    found = {ch for ch in text if ch not in "\n\t"
             and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")}
    return sorted(ch.encode("unicode_escape", "backslashreplace").decode() for ch in found)


def env_without(*names: str) -> dict[str, str]:
    """os.environ minus `names`, for subprocess runs."""
    return {k: v for k, v in os.environ.items() if k not in names}


def table_commands() -> dict[str, Sequence[str]]:
    """One working invocation of every command that renders a report (shipped data)."""
    return {
        "compare": ["compare"],
        "sources": ["sources", "cs"],
        "similarities": ["similarities"],
        "terms": ["terms"],
        "show": ["show", "franz"],
        "why": ["why", "reactive"],
        "matrix": ["matrix"],
        "search": ["search", "puzzle"],
        "export": ["export"],
        "disputes": ["disputes"],
    }
