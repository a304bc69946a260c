"""The cache can never change an answer: a broken sibling, an edit that keeps size and mtime, a
write cut short, parallel first runs, damaged, planted and untrusted cache files each give what
`--no-cache` gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import env_without, user_source

from cxref import store


def _tree(make_tree, *ids: str) -> Path:
    return make_tree({"sources": {f"{i}.yaml": user_source(i, title=f"Title of {i}")
                                  for i in ids}})


def same_as_uncached(invoke, tree: Path, *args: str) -> None:
    warm = invoke("-d", str(tree), *args)
    cold = invoke("-d", str(tree), "--no-cache", *args)
    assert (warm.exit_code, warm.stdout, warm.stderr) == \
        (cold.exit_code, cold.stdout, cold.stderr)


def test_a_sibling_that_breaks_is_said_warm_as_cold(invoke, make_tree, isolated_env):
    tree = _tree(make_tree, "good", "other")
    assert invoke("-d", str(tree), "show", "good").exit_code == 0  # writes the cache
    assert invoke("-d", str(tree), "show", "good").exit_code == 0  # reads it
    (tree / "sources" / "other.yaml").write_text("id: other\ntitle: [\n", encoding="utf-8")
    same_as_uncached(invoke, tree, "show", "good")
    run = invoke("-d", str(tree), "show", "good")
    assert run.exit_code == 0 and "other.yaml:" in run.stderr


def test_an_edit_keeping_size_and_mtime_is_seen(invoke, make_tree, isolated_env):
    tree = _tree(make_tree, "alpha")
    path = tree / "sources" / "alpha.yaml"
    for args in (["show", "alpha"], ["search", "Title"], ["compare"]):
        invoke("-d", str(tree), *args)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Title of alpha", "Title of ALPHA"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    assert path.stat().st_size == before.st_size
    for args in (["show", "alpha", "-f", "json"], ["search", "ALPHA", "-f", "json"],
                 ["compare", "-f", "json"]):
        same_as_uncached(invoke, tree, *args)
    assert "Title of ALPHA" in invoke("-d", str(tree), "show", "alpha", "-f", "json").stdout


def test_a_cache_file_with_bytes_after_its_end_is_never_believed(
        invoke, make_tree, isolated_env):
    """Bytes after the end of the cache (two writers' files run together, say) make it a
    rebuild, not a source too many or a source too few."""
    tree = _tree(make_tree, "alpha", "beta")
    invoke("-d", str(tree), "compare")
    [cache] = (isolated_env / "cxref").glob("*.msgpack")
    data = cache.read_bytes()
    cache.write_bytes(data + data[-40:])
    same_as_uncached(invoke, tree, "show", "beta", "-f", "json")
    assert cache.read_bytes() == data  # written again whole


@pytest.mark.parametrize("length", [0xFFFFFFF0, 0x7FFFFFFF, 1 << 20])
@pytest.mark.parametrize("kind", [b"\xdd", b"\xdf", b"\xdb", b"\xc6"])  # array, map, str, bin
def test_a_forged_length_with_a_right_checksum_is_never_allocated_or_believed(
        make_tree, isolated_env, length, kind):
    """A cache whose checksum matches but whose body claims more items or bytes than it holds
    (a list of 4 billion items in 5 bytes): the cache is not believed, and nothing of that
    size is made."""
    import tracemalloc
    import zlib

    tree = _tree(make_tree, "alpha", "beta")
    store.load([str(tree)])
    [cache] = (isolated_env / "cxref").glob("*.msgpack")
    body = kind + length.to_bytes(4, "big") + b"\x00" * 16
    cache.write_bytes(f"{store.FORMAT} {zlib.crc32(body):08x}\n".encode() + body)
    dirs = store.definition_dirs([str(tree)])
    tracemalloc.start()
    try:
        assert store._read(cache, store._catalogue_key(dirs)) is None
        assert tracemalloc.get_traced_memory()[1] < 10_000_000
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("keep", [0, 10, 255, 300, 0.5, 0.8, -20, -1])
def test_a_cache_file_cut_short_is_never_believed(invoke, make_tree, isolated_env, keep):
    """A cache file cut anywhere (in its header, a source, the texts or the table) is read
    as stale: every command answers as without the cache, and the next run rewrites it."""
    tree = _tree(make_tree, "alpha", "beta")
    invoke("-d", str(tree), "compare")
    [cache] = (isolated_env / "cxref").glob("*.msgpack")
    data = cache.read_bytes()
    cache.write_bytes(data[:int(len(data) * keep) if isinstance(keep, float) else keep])
    for args in (["show", "beta", "-f", "json"], ["search", "beta", "-f", "json"],
                 ["compare", "-f", "json"]):
        same_as_uncached(invoke, tree, *args)
    assert cache.read_bytes() == data


@pytest.mark.parametrize("moment", ["encode", "open", "write", "replace"])
def test_an_interrupt_while_the_cache_is_written_leaves_nothing_half_done(
        invoke, make_tree, isolated_env, monkeypatch, moment):
    """Ctrl-C at each step of writing the cache: the run ends interrupted, no cache file and
    no temporary file stays, and the next run answers right."""
    tree = _tree(make_tree, "alpha", "beta", "gamma")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt
    if moment == "encode":
        monkeypatch.setattr(store.msgspec.msgpack, "encode", interrupt)
    elif moment == "open":
        monkeypatch.setattr(store.os, "fdopen", interrupt)
    elif moment == "write":
        real_fdopen = os.fdopen

        class Breaking:
            def __init__(self, *args, **kwargs):
                self.handle = real_fdopen(*args, **kwargs)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def writelines(self, chunks):
                self.handle.write(next(iter(chunks))[:10])
                raise KeyboardInterrupt
        monkeypatch.setattr(store.os, "fdopen", Breaking)
    else:
        monkeypatch.setattr(store.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.load([str(tree)])
    monkeypatch.undo()
    folder = isolated_env / "cxref"
    assert not folder.exists() or list(folder.iterdir()) == []
    same_as_uncached(invoke, tree, "search", "Title", "-f", "json")
    same_as_uncached(invoke, tree, "show", "gamma", "-f", "json")


def test_parallel_first_searches_all_answer_right(make_tree, tmp_path):
    tree = _tree(make_tree, *[f"s{i:02d}" for i in range(30)])
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "NO_COLOR": "1", "COLUMNS": "120"}
    command = [sys.executable, "-m", "cxref", "-d", str(tree), "search", "Title", "-f", "json"]
    expected = subprocess.run([*command, "--no-cache"], env=env, capture_output=True,
                              text=True, check=True).stdout
    for _ in range(3):  # a fresh cold cache each round, 8 searches at once
        for old in (tmp_path / "cache").glob("**/*"):
            if old.is_file():
                old.unlink()
        runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
                for _ in range(8)]
        outputs = [run.communicate()[0] for run in runs]
        assert all(out == expected for out in outputs)


@pytest.mark.parametrize("plant", ["text", "escape", "huge", "garbage"])
def test_a_planted_corpus_file_is_never_believed(invoke, make_tree, isolated_env, plant):
    tree = _tree(make_tree, "alpha")
    invoke("-d", str(tree), "compare")
    [corpus] = (isolated_env / "cxref").glob("*.msgpack")
    data = corpus.read_bytes()
    if plant == "text":
        data = data.replace(b"Title of alpha", b"Title of EVIL!")
    elif plant == "escape":
        data = data.replace(b"Title of alpha", b"Title\x1b[31m alp")
    elif plant == "huge":
        data = b"\xdb\xff\xff\xff\x7f" + b"\x00" * 16  # a 21-byte 'list of 2**31 items'
    else:
        data = os.urandom(200)
    corpus.write_bytes(data)
    same_as_uncached(invoke, tree, "show", "alpha", "-f", "json")
    same_as_uncached(invoke, tree, "compare", "-f", "json")
    assert "EVIL" not in invoke("-d", str(tree), "sources", "cs", "-f", "json").stdout


def test_a_fifo_at_the_cache_path_does_not_hang(make_tree, tmp_path):
    tree = _tree(make_tree, "alpha")
    env = {**env_without("CXREF_DEFINITIONS"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    command = [sys.executable, "-m", "cxref", "-d", str(tree), "compare", "-f", "json"]
    subprocess.run(command, env=env, capture_output=True, check=True, timeout=60)
    for cached in (tmp_path / "cache" / "cxref").glob("*.msgpack"):
        cached.unlink()
        os.mkfifo(cached)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "alpha" in done.stdout


@pytest.mark.parametrize("mode", [0o600, 0o620, 0o602, 0o660, 0o666])
def test_a_cache_file_others_can_write_is_not_read(make_tree, isolated_env, mode):
    tree = _tree(make_tree, "alpha")
    store.load([str(tree)])
    [corpus] = (isolated_env / "cxref").glob("*.msgpack")
    corpus.chmod(mode)
    handle = store._open_trusted(corpus)
    trusted = handle is not None
    if handle is not None:
        handle.close()
    assert trusted == (mode == 0o600)


def test_a_cache_file_of_another_owner_is_not_read(make_tree, isolated_env, monkeypatch):
    tree = _tree(make_tree, "alpha")
    store.load([str(tree)])
    [corpus] = (isolated_env / "cxref").glob("*.msgpack")
    monkeypatch.setattr(store.os, "getuid", lambda: corpus.stat().st_uid + 1)
    assert store._open_trusted(corpus) is None
    monkeypatch.undo()
    handle = store._open_trusted(corpus)
    assert handle is not None
    handle.close()


def test_a_link_at_the_cache_path_is_not_read(make_tree, isolated_env, tmp_path):
    tree = _tree(make_tree, "alpha")
    store.load([str(tree)])
    [corpus] = (isolated_env / "cxref").glob("*.msgpack")
    real = tmp_path / "elsewhere.msgpack"
    corpus.rename(real)
    corpus.symlink_to(real)
    assert store._open_trusted(corpus) is None


def test_every_damaged_byte_means_a_rebuild(invoke, make_tree, isolated_env):
    """One byte changed anywhere in the cache (the header, a quote, the structure): the
    checksum fails and the YAML is read, so search and show answer as without the cache."""
    tree = _tree(make_tree, "alpha", "beta")
    invoke("-d", str(tree), "compare")
    [cache] = (isolated_env / "cxref").glob("*.msgpack")
    data = cache.read_bytes()
    step = max(1, len(data) // 12)
    for at in range(0, len(data), step):
        cache.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:])
        same_as_uncached(invoke, tree, "search", "beta", "-f", "json")
        same_as_uncached(invoke, tree, "show", "alpha", "-f", "json")


def test_a_catalogue_edited_while_the_first_run_reads_is_seen_next_time(
        invoke, make_tree, monkeypatch):
    """The fingerprint is taken before anything is read: a catalogue edited while the first
    `show` reads the folder leaves a cache that the next run finds stale, not one that serves
    the old catalogue for ever."""
    from cxref import loader

    tree = make_tree({"terms.yaml": {"terms": [{"id": "extra", "name": "old name"}]},
                      "sources": {"alpha.yaml": user_source("alpha", definitions=[
                          {"term": "extra", "quote": "Extra is extra."}])}})
    real = loader.read_catalogue

    def edit_then_read(*args, **kwargs):
        found = real(*args, **kwargs)  # read with the old name...
        (tree / "terms.yaml").write_text(  # ...and changed before the cache is written
            "terms:\n  - id: extra\n    name: new name\n", encoding="utf-8")
        return found
    monkeypatch.setattr(loader, "read_catalogue", edit_then_read)
    assert "old name" in invoke("-d", str(tree), "show", "alpha").stdout
    monkeypatch.setattr(loader, "read_catalogue", real)
    run = invoke("-d", str(tree), "show", "alpha")
    assert "new name" in run.stdout and "old name" not in run.stdout
    same_as_uncached(invoke, tree, "show", "alpha")


def test_a_killed_writers_temporary_file_is_removed_later(make_tree, isolated_env):
    """A writer killed outright leaves its temporary file; the next write removes it once it
    is an hour old, and leaves a younger one (a writer at work) alone."""
    tree = _tree(make_tree, "alpha")
    folder = isolated_env / "cxref"
    folder.mkdir(parents=True, exist_ok=True)
    old, young = folder / ".corpus-killed.tmp", folder / ".corpus-writing.tmp"
    for temp in (old, young):
        temp.write_bytes(b"x" * 1000)
    two_hours_ago = old.stat().st_mtime - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    store.load([str(tree)])
    assert not old.exists() and young.exists()
    assert len(list(folder.glob("*.msgpack"))) == 1


def test_a_stray_source_beside_a_missing_sources_folder_is_seen_warm(invoke, make_tree):
    """A source file dropped straight into a definitions folder that has no sources/ is a
    layout problem; the cache must not hide it (found by a review)."""
    tree = make_tree({"terms.yaml": {"terms": [{"id": "extra", "name": "extra term"}]}})
    assert invoke("-d", str(tree), "terms").exit_code == 0  # writes the cache
    (tree / "mine.yaml").write_text("id: mine\n", encoding="utf-8")
    same_as_uncached(invoke, tree, "terms")
    assert "no-sources-folder" in invoke("-d", str(tree), "terms").stderr


def test_a_link_that_comes_to_lead_out_of_the_folder_is_seen_warm(invoke, make_tree, tmp_path):
    """A source that is a link through a folder of the definitions folder: when that folder
    is moved out and linked back, every size, time and inode is as it was, but the source now
    lives outside, which is refused; the cache must not hide it (found by a review)."""
    tree = make_tree({"data": {"alpha.yaml": user_source("alpha")}, "sources": {}})
    (tree / "sources" / "alpha.yaml").symlink_to(Path("..") / "data" / "alpha.yaml")
    assert invoke("-d", str(tree), "show", "alpha").exit_code == 0  # writes the cache
    outside = tmp_path / "outside"
    outside.mkdir()
    (tree / "data").rename(outside / "data")
    (tree / "data").symlink_to(outside / "data")
    same_as_uncached(invoke, tree, "show", "alpha")
    assert "link-outside" in invoke("-d", str(tree), "show", "alpha").stderr


@pytest.mark.parametrize("how", ["sources", "real"])
def test_a_sources_folder_moved_out_and_linked_back_is_seen_warm(invoke, make_tree, tmp_path,
                                                                  how):
    """`mv D/sources OUT; ln -s ../OUT D/sources` after a cached run; or sources/ a link to
    D/real, and real/ moved out and linked back. No file is a link, and each keeps its size,
    times and inode; each now lives outside, which is refused (issue 28)."""
    tree = _tree(make_tree, "alpha", "beta")
    moved = tree / how
    if how == "real":
        (tree / "sources").rename(moved)
        (tree / "sources").symlink_to("real")
    assert invoke("-d", str(tree), "show", "alpha").exit_code == 0  # writes the cache
    moved.rename(tmp_path / "out")
    moved.symlink_to(tmp_path / "out")
    same_as_uncached(invoke, tree, "compare", "-f", "json")
    assert invoke("-d", str(tree), "compare").stderr.count(": link-outside is a link") == 2


def test_a_forged_file_that_checks_out_is_a_rebuild_not_a_traceback(invoke, make_tree,
                                                                     isolated_env):
    """A cache with a right header and checksum but a body of another shape (ids where
    sources should be): msgspec refuses it as it decodes, and the answer is the YAML's."""
    import zlib

    import msgspec

    tree = _tree(make_tree, "alpha")
    invoke("-d", str(tree), "compare")
    [cache] = (isolated_env / "cxref").glob("*.msgpack")
    whole = msgspec.msgpack.decode(cache.read_bytes().split(b"\n", 1)[1])
    entries = whole[-1]
    assert len(entries) > 1  # each entry now holds its source's id only
    whole[-1] = {path: [key, source[0]] for path, (key, source) in entries.items()}
    body = msgspec.msgpack.encode(whole)
    cache.write_bytes(f"{store.FORMAT} {zlib.crc32(body):08x}\n".encode() + body)
    same_as_uncached(invoke, tree, "compare", "-f", "json")
    same_as_uncached(invoke, tree, "show", "alpha", "-f", "json")


def test_a_change_to_cxref_itself_makes_the_cache_stale(make_tree, tmp_path, monkeypatch):
    """An edit to one of cxref's modules (say, a check, on an editable install) changes the
    catalogue's key, so no answer comes from a cache written by the code before it.

    The edit is made to a copy of cxref's modules that cxref.store takes for its own folder:
    touching the real ones would change the key for the tests running beside this one (with
    pytest-xdist), and a test that counts on a warm run would see a rebuild."""
    import shutil

    import cxref.searching

    code = Path(store.__file__).parent
    assert Path(cxref.searching.__file__).parent == code
    copy = tmp_path / "cxref"
    copy.mkdir()
    for module in code.glob("*.py"):
        shutil.copy2(module, copy / module.name)
    tree = _tree(make_tree, "alpha")
    dirs = store.definition_dirs([str(tree)])
    real = store._catalogue_key(dirs)
    monkeypatch.setattr(store, "__file__", str(copy / "store.py"))
    before = store._catalogue_key(dirs)
    assert before == real  # the copy keeps each module's time: the same key
    module = copy / "searching.py"
    info = module.stat()
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert store._catalogue_key(dirs) != before
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert store._catalogue_key(dirs) == before
