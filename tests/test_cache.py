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


def _cache_bytes(cache_home: Path) -> bytes:
    (path,) = (cache_home / "cxref").glob("*.msgpack")
    return path.read_bytes()


def test_after_one_edit_the_other_records_are_copied_not_encoded_again(make_tree, isolated_env,
                                                                        monkeypatch):
    """Rewriting the cache after an edit encodes the head and the edited source only; every
    other record is copied as it was, and the file reads back to the same corpus."""
    import msgspec

    tree = _tree(make_tree, "alpha", "beta", "gamma")
    store.load([str(tree)])
    before = _cache_bytes(isolated_env)
    path = tree / "sources" / "beta.yaml"
    path.write_text(dump_yaml(user_source("beta", title="Beta again")), encoding="utf-8")
    _touch_later(path)
    encoded = []
    real = msgspec.msgpack.encode
    monkeypatch.setattr(msgspec.msgpack, "encode", lambda obj: encoded.append(obj) or real(obj))
    edited = store.load([str(tree)])
    assert [type(obj).__name__ for obj in encoded] == ["Head", "Entry"]
    assert encoded[1].source.id == "beta"
    after = _cache_bytes(isolated_env)
    assert real(encoded[1]) in after and b"Beta again" not in before  # a new record ...
    shipped = [s for s in edited.sources if s.id not in ("alpha", "beta", "gamma")]
    assert all(real(s) in before and real(s) in after for s in shipped)  # ... others as before
    monkeypatch.setattr(msgspec.msgpack, "encode", real)
    _no_yaml(monkeypatch)
    assert store.load([str(tree)]) == edited


def test_a_corpus_that_was_written_to_the_cache_holds_no_utf8_copies_of_its_text(make_tree,
                                                                                  isolated_env):
    """Encoding a string beyond Latin-1 leaves a UTF-8 copy of it in the string for as long as
    it lives: a corpus read from YAML and written to the cache must not keep those (24 MB at
    10,000 sources). The shipped quotes have curly apostrophes."""
    import sys

    tree = _tree(make_tree, "alpha")
    for _ in range(2):  # the first run writes every source, the second after an edit
        corpus = store.load([str(tree)])
        quotes = [d.quote for s in corpus.sources for d in s.definitions if max(d.quote) > "ÿ"]
        assert len(quotes) > 5
        assert [sys.getsizeof(q) for q in quotes] == [
            sys.getsizeof(q.encode().decode()) for q in quotes]
        _touch_later(tree / "sources" / "alpha.yaml")


def test_a_cache_file_cut_short_while_its_records_are_copied_is_rebuilt(make_tree,
                                                                        isolated_env,
                                                                        monkeypatch):
    """The records kept are copied from the file that was read; if it is cut short in between
    (another writer cannot do that, a person can), no cache is written from it and the answer
    is still the YAML's."""
    tree = _tree(make_tree, "alpha", "beta")
    first = store.load([str(tree)])
    (cache,) = (isolated_env / "cxref").glob("*.msgpack")
    path = tree / "sources" / "beta.yaml"
    path.write_text(dump_yaml(user_source("beta", title="Beta again")), encoding="utf-8")
    _touch_later(path)
    real = loader.read_source

    def cut(*args):
        os.truncate(cache, cache.stat().st_size // 2)
        return real(*args)
    monkeypatch.setattr(loader, "read_source", cut)
    edited = store.load([str(tree)])
    assert edited.source("beta").title == "Beta again" and edited.source("alpha") == \
        first.source("alpha")
    monkeypatch.setattr(loader, "read_source", real)
    assert store.load([str(tree)]) == edited  # the cut file is not read: rebuilt from YAML
    _no_yaml(monkeypatch)
    assert store.load([str(tree)]) == edited


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


def test_an_interrupt_while_the_cache_is_read_leaves_it_closed(make_tree, isolated_env,
                                                               monkeypatch):
    tree = _tree(make_tree, "alpha")
    store.load([str(tree)])
    (cache,) = (isolated_env / "cxref").glob("*.msgpack")

    class Interrupted:
        def decode(self, data):
            raise KeyboardInterrupt

    monkeypatch.setattr(store, "_ENTRY", Interrupted())
    with pytest.raises(KeyboardInterrupt) as caught:  # its traceback keeps the frames alive
        store.load([str(tree)])
    open_files = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
    assert caught.traceback and str(cache.resolve()) not in open_files
