"""The parsed-corpus cache: used when fresh, never trusted when stale, rebuilt when corrupt,
skipped when unwritable, and answering exactly what the YAML files say."""

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
    monkeypatch.setattr(loader, "load_folders", refuse)
    monkeypatch.setattr(loader, "check_folders", refuse)


def _touch_later(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10_000_000))


def test_first_run_writes_the_corpus_file_and_the_next_reads_it(make_tree, isolated_env,
                                                                 monkeypatch):
    tree = _tree(make_tree, "alpha", "beta")
    first = store.load([str(tree)])
    assert _cache_files(isolated_env) == [".cache"]
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
    run = invoke("-d", str(tree), "compare")
    assert run.exit_code == 1
    assert "alpha.yaml:" in run.stderr and "syntax" in run.stderr


def _count_sources_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = store._Reader._source

    def counting(self, index, *rest):
        read.append(self.ids[index])
        return real(self, index, *rest)
    monkeypatch.setattr(store._Reader, "_source", counting)
    return read


def test_show_reads_one_source_when_fresh(make_tree, invoke, monkeypatch):
    tree = _tree(make_tree, "alpha", "beta")
    assert invoke("-d", str(tree), "show", "alpha").exit_code == 0  # writes the cache
    _no_yaml(monkeypatch)
    read = _count_sources_read(monkeypatch)
    run = invoke("-d", str(tree), "show", "beta", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["fields"]["title"] == "Title of beta"
    assert read == ["beta"]


def test_search_reads_only_the_sources_whose_text_holds_every_word(make_tree, invoke,
                                                                     monkeypatch):
    tree = _tree(make_tree, "alpha", "beta", "gamma")
    assert invoke("-d", str(tree), "compare").exit_code == 0  # writes the cache
    _no_yaml(monkeypatch)
    read = _count_sources_read(monkeypatch)
    run = invoke("-d", str(tree), "search", "OF", "BETA", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert read == ["beta"]
    assert [h["source"] for h in json.loads(run.stdout)["results"]] == ["beta"]


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
    monkeypatch.setattr(store, "CACHE_FORMAT", "another-version")
    calls = []
    real = loader.load_folders
    monkeypatch.setattr(loader, "load_folders", lambda *a, **k: calls.append(1) or real(*a, **k))
    store.load([str(tree)])
    assert calls == [1]


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


@pytest.mark.parametrize("query", ["title", "Title of", "of", "a", "gamma", "% _", 'quote "x',
                                   "reacts", "CS", "user source"])
def test_search_through_the_index_finds_what_a_full_scan_finds(make_tree, invoke, query):
    tree = _tree(make_tree, "alpha", "beta", "gamma")
    invoke("-d", str(tree), "search", "warm")  # builds the index
    cached = invoke("-d", str(tree), "search", *query.split(), "-f", "json")
    fresh = invoke("--no-cache", "-d", str(tree), "search", *query.split(), "-f", "json")
    assert cached.exit_code == fresh.exit_code
    assert cached.stdout == fresh.stdout


def test_the_override_notice_survives_the_cache(make_tree, invoke):
    tree = make_tree({"sources": {"franz.yaml": user_source(
        "franz", title="My own Franz", override="true")}})
    for _ in range(2):
        for args in (["compare"], ["show", "franz"], ["search", "own", "Franz"]):
            run = invoke("-d", str(tree), *args)
            assert run.exit_code == 0
            assert "overrides" in run.stderr, args


def test_the_parallel_reader_gives_the_same_corpus_and_cache(make_tree, monkeypatch):
    """Large folders are parsed by worker processes (from loader.PARALLEL_FROM files); the
    result, and the cache written from the workers' encoded sources, are the same."""
    tree = make_tree({"sources": {
        **{f"s{i:02d}.yaml": user_source(f"s{i:02d}", title=f"Title {i}") for i in range(12)},
        "franz.yaml": user_source("franz", title="My own Franz", override="true")}})
    serial = loader.load_folders(store.definition_dirs([str(tree)]))
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    parallel = store.load([str(tree)])  # cold: workers, then the cache is written
    assert parallel == serial
    assert store.load([str(tree)]) == serial  # warm: read back from the cache
    assert store.load([str(tree)], source="franz").source("franz").title == "My own Franz"


def test_a_problem_found_by_a_worker_is_reported(make_tree, monkeypatch):
    tree = make_tree({"sources": {
        **{f"s{i:02d}.yaml": user_source(f"s{i:02d}") for i in range(6)},
        "bad.yaml": "---\nid: bad\ndefinitions:\n  - term: nowhere\n    quote: q\n"}})
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    with pytest.raises(loader.DataError) as caught:
        store.load([str(tree)])
    assert "bad.yaml:4:" in str(caught.value) and "unknown-term" in str(caught.value)


def test_a_first_compare_without_quotes_leaves_a_whole_cache(make_tree, invoke, monkeypatch):
    """`compare` reads sources without their quotes; the cache its first run writes (from the
    loader's workers) still holds every quote, for `show`, `search` and `sources`."""
    tree = make_tree({"sources": {f"s{i:02d}.yaml": user_source(
        f"s{i:02d}", definitions=[{"term": "customer-service", "quote": f"Only here {i}."}])
        for i in range(12)}})
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    light = store.load([str(tree)], quotes=False)  # cold: the workers read every file
    whole = loader.load_folders(store.definition_dirs([str(tree)]))
    mine = [s for s in light.sources if s.id.startswith("s")]
    assert mine and all(d.quote == "" for s in mine for d in s.definitions)
    assert [s.id for s in light.sources] == [s.id for s in whole.sources]
    assert store.load([str(tree)]) == whole  # warm, with quotes: all of them
    for args in (["show", "s07", "-f", "json"], ["search", "here", "7.", "-f", "json"],
                 ["sources", "cs", "-f", "json"], ["compare", "-f", "json"]):
        warm = invoke("-d", str(tree), *args)
        assert warm.stdout == invoke("--no-cache", "-d", str(tree), *args).stdout, args
    assert "Only here 7." in invoke("-d", str(tree), "show", "s07").stdout
