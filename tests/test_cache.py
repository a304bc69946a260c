"""The parsed-corpus cache: used when fresh, never trusted when stale, rebuilt file by file,
rebuilt whole when corrupt, skipped when unwritable, and answering exactly what the YAML files
say."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import dump_yaml, user_source

from cxref import loader, store


def _tree(make_tree, *ids: str) -> Path:
    return make_tree({"sources": {f"{i}.yaml": user_source(i, title=f"Title of {i}")
                                  for i in ids}})


def _cache_files(cache_home: Path) -> list[str]:
    folder = cache_home / "cxref"
    return sorted(p.suffix for p in folder.iterdir()) if folder.is_dir() else []


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any read of the YAML files fail the test: the answer must come from the cache."""
    def refuse(*args, **kwargs):
        raise AssertionError("the YAML was read although the cache is fresh")
    for name in ("read_source", "read_catalogue", "check_folders"):
        monkeypatch.setattr(loader, name, refuse)


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the source files read from YAML from now on."""
    read: list[str] = []
    real = loader.read_source

    def counting(path, *rest):
        read.append(Path(path).name)
        return real(path, *rest)
    monkeypatch.setattr(loader, "read_source", counting)
    return read


def _touch_later(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10_000_000))


def test_first_run_writes_the_corpus_file_and_the_next_reads_it(make_tree, isolated_env,
                                                                 monkeypatch):
    tree = _tree(make_tree, "alpha", "beta")
    first = store.load([str(tree)])
    assert _cache_files(isolated_env) == [".msgpack"]
    _no_yaml(monkeypatch)
    second = store.load([str(tree)])
    assert second == first
    assert {"alpha", "beta"} <= {s.id for s in second.sources}


def test_an_edit_in_place_is_seen(make_tree, invoke):
    tree = _tree(make_tree, "alpha")
    path = tree / "sources" / "alpha.yaml"
    assert "Title of alpha" in invoke("-d", str(tree), "show", "alpha", "-f", "json").stdout
    assert "Title of alpha" in invoke("-d", str(tree), "search", "Title", "-f", "json").stdout
    path.write_text(dump_yaml(user_source("alpha", title="Changed title")), encoding="utf-8")
    _touch_later(path)  # whatever the file system's clock resolution
    for args in (["compare", "-f", "json"], ["show", "alpha", "-f", "json"],
                 ["search", "Changed", "-f", "json"], ["sources", "cs", "-f", "json"]):
        run = invoke("-d", str(tree), *args)
        assert run.exit_code == 0, run.stderr
        assert "Title of alpha" not in run.stdout, args
    assert "Changed title" in invoke("-d", str(tree), "show", "alpha", "-f", "json").stdout


def test_a_new_file_and_a_removed_file_are_seen(make_tree, invoke):
    tree = _tree(make_tree, "alpha", "beta")
    assert invoke("-d", str(tree), "show", "beta").exit_code == 0
    (tree / "sources" / "beta.yaml").unlink()
    (tree / "sources" / "gamma.yaml").write_text(dump_yaml(user_source("gamma")),
                                                 encoding="utf-8")
    assert invoke("-d", str(tree), "show", "beta").exit_code == 2
    assert invoke("-d", str(tree), "show", "gamma").exit_code == 0
    ids = [r["source"] for r in json.loads(
        invoke("-d", str(tree), "sources", "cs", "-f", "json").stdout)["definitions"]]
    assert "gamma" in ids and "beta" not in ids


def test_a_file_that_breaks_is_reported_even_after_a_cached_run(make_tree, invoke):
    tree = _tree(make_tree, "alpha")
    assert invoke("-d", str(tree), "compare").exit_code == 0
    path = tree / "sources" / "alpha.yaml"
    path.write_text("---\nid: alpha\nbogus: [\n", encoding="utf-8")
    _touch_later(path)
    for _ in range(2):  # a file with a problem is never cached: said on every run
        run = invoke("-d", str(tree), "compare")
        assert run.exit_code == 0
        assert "alpha.yaml:" in run.stderr and "syntax" in run.stderr


def test_after_one_edit_only_that_file_is_read(make_tree, invoke, monkeypatch):
    tree = _tree(make_tree, "alpha", "beta", "gamma")
    assert invoke("-d", str(tree), "compare").exit_code == 0
    path = tree / "sources" / "beta.yaml"
    path.write_text(dump_yaml(user_source("beta", title="Beta again")), encoding="utf-8")
    _touch_later(path)
    read = _count_reads(monkeypatch)
    assert "Beta again" in invoke("-d", str(tree), "show", "beta").stdout
    assert read == ["beta.yaml"]
    read.clear()
    assert invoke("-d", str(tree), "compare").exit_code == 0
    assert read == []


def test_a_catalogue_change_reads_every_source_again(make_tree, invoke, monkeypatch):
    tree = make_tree({"terms.yaml": {"terms": [{"id": "extra", "name": "extra term"}]},
                      "sources": {f"{i}.yaml": user_source(i) for i in ("alpha", "beta")}})
    assert invoke("-d", str(tree), "compare").exit_code == 0
    terms = tree / "terms.yaml"
    terms.write_text(dump_yaml({"terms": [{"id": "extra", "name": "other term"}]}),
                     encoding="utf-8")
    _touch_later(terms)
    read = _count_reads(monkeypatch)
    assert invoke("-d", str(tree), "compare").exit_code == 0
    assert {"alpha.yaml", "beta.yaml", "franz.yaml"} <= set(read)  # the shipped ones too


def test_show_sees_a_catalogue_change(make_tree, invoke):
    tree = make_tree({"terms.yaml": {"terms": [{"id": "extra", "name": "extra term"}]},
                      "sources": {"alpha.yaml": user_source("alpha", definitions=[
                          {"term": "extra", "quote": "Extra is extra."}])}})
    assert "extra term" in invoke("-d", str(tree), "show", "alpha").stdout
    terms = tree / "terms.yaml"
    terms.write_text(dump_yaml({"terms": [{"id": "extra", "name": "renamed term"}]}),
                     encoding="utf-8")
    _touch_later(terms)
    run = invoke("-d", str(tree), "show", "alpha")
    assert "renamed term" in run.stdout and "extra term" not in run.stdout


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xe3\x00\x00\x00\x00" * 40])
def test_a_corrupt_cache_is_rebuilt(make_tree, invoke, isolated_env, damage):
    tree = _tree(make_tree, "alpha")
    invoke("-d", str(tree), "show", "alpha")
    before = invoke("-d", str(tree), "compare", "-f", "json").stdout
    for path in (isolated_env / "cxref").iterdir():
        path.write_bytes(damage)
    for args in (["compare", "-f", "json"], ["show", "alpha"], ["search", "Title"]):
        run = invoke("-d", str(tree), *args)
        assert run.exit_code == 0, (args, run.stderr)
        assert run.stderr == ""
    assert invoke("-d", str(tree), "compare", "-f", "json").stdout == before


def test_a_cache_from_another_version_is_not_used(make_tree, isolated_env, monkeypatch):
    tree = _tree(make_tree, "alpha")
    store.load([str(tree)])
    monkeypatch.setattr(store, "FORMAT", "another-version")
    read = _count_reads(monkeypatch)
    store.load([str(tree)])
    assert {"alpha.yaml", "franz.yaml"} <= set(read)


def test_an_unwritable_cache_folder_is_no_error(make_tree, invoke, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    tree = _tree(make_tree, "alpha")
    env = {"XDG_CACHE_HOME": str(blocker / "cache")}
    for args in (["compare"], ["show", "alpha"], ["search", "Title"]):
        run = invoke("-d", str(tree), *args, env=env)
        assert run.exit_code == 0, (args, run.stderr)
        assert run.stderr == ""


def test_no_cache_writes_nothing(make_tree, invoke, isolated_env):
    tree = _tree(make_tree, "alpha")
    for args in (["compare"], ["show", "alpha"], ["search", "Title"], ["export"]):
        assert invoke("--no-cache", "-d", str(tree), *args).exit_code == 0
    assert _cache_files(isolated_env) == []


def test_the_override_notice_survives_the_cache(make_tree, invoke):
    tree = make_tree({"sources": {"franz.yaml": user_source(
        "franz", title="My own Franz", override="true")}})
    for _ in range(2):
        for args in (["compare"], ["show", "franz"], ["search", "own", "Franz"]):
            run = invoke("-d", str(tree), *args)
            assert run.exit_code == 0
            assert "overrides" in run.stderr, args


def test_a_file_that_fails_does_not_rewrite_a_cache_that_holds_everything_else(make_tree,
                                                                                isolated_env):
    """A broken file is read (and reported) on every run but never cached: while every other
    entry is kept, the cache file is left as it is."""
    tree = _tree(make_tree, "alpha")
    (tree / "sources" / "broken.yaml").write_text("id: broken\nbogus: [\n", encoding="utf-8")
    store.load([str(tree)])
    (cache,) = (isolated_env / "cxref").glob("*.msgpack")
    before = cache.stat()
    again = store.load([str(tree)])
    after = cache.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert any("broken.yaml" in p.path for p in again.skipped)


@pytest.mark.parametrize("moment", ["read", "decode"])
def test_an_interrupt_while_the_cache_is_read_leaves_it_closed(make_tree, isolated_env,
                                                               monkeypatch, moment):
    tree = _tree(make_tree, "alpha")
    store.load([str(tree)])
    (cache,) = (isolated_env / "cxref").glob("*.msgpack")

    def interrupt(*args):
        raise KeyboardInterrupt

    if moment == "read":
        real = store._open_trusted

        def opening(path):
            handle = real(path)
            handle.read = interrupt
            return handle
        monkeypatch.setattr(store, "_open_trusted", opening)
    else:
        class Interrupting:
            decode = staticmethod(interrupt)
        monkeypatch.setattr(store, "_DECODER", Interrupting())
    with pytest.raises(KeyboardInterrupt) as caught:  # its traceback keeps the frames alive
        store.load([str(tree)])
    open_files = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
    assert caught.traceback and str(cache.resolve()) not in open_files


def test_a_warm_run_writes_nothing_and_a_removed_file_leaves_the_cache(make_tree,
                                                                      isolated_env):
    """The cache is written only when something changed: not by a run that reuses every
    entry; a removed file's entry is dropped from it."""
    tree = _tree(make_tree, "alpha", "beta")
    store.load([str(tree)])
    (cache,) = (isolated_env / "cxref").glob("*.msgpack")
    before = cache.stat()
    store.load([str(tree)])
    after = cache.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    beta = tree / "sources" / "beta.yaml"
    assert str(beta) in _cached_paths(tree, cache)
    beta.unlink()
    store.load([str(tree)])
    assert str(tree / "sources" / "alpha.yaml") in _cached_paths(tree, cache)
    assert str(beta) not in _cached_paths(tree, cache)


def _cached_paths(tree: Path, cache: Path) -> set[str]:
    stored = store._read(cache, store._catalogue_key(store.definition_dirs([str(tree)])))
    assert stored is not None
    return {os.fsdecode(path) for path in stored.entries}
