"""The garbage collector around a build: paused while Sphinx loads its environment, the loaded objects kept out
of its scans during the build, and to the process's exit only in the ``sphinx-build`` command."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest
from helpers import copy_root
from sphinx.errors import ConfigError


class Cycle:
    """An object that only the collector can free once it refers to itself."""

    itself: Cycle


def tracked(obj: object) -> bool:
    """Whether the collector scans ``obj`` (frozen objects are in no generation)."""
    return any(candidate is obj for candidate in gc.get_objects())


def garbage_collected_in_a_fork() -> bool:
    """Whether a process forked now frees, with a full collection, a reference cycle it inherited as garbage."""
    was_enabled = gc.isenabled()
    gc.disable()  # the cycle must reach the child uncollected
    try:
        cycle = Cycle()
        cycle.itself = cycle
        alive = weakref.ref(cycle)
        del cycle
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover (the child reports through the pipe and exits at once)
            gc.enable()
            gc.collect()
            os.write(write, b"freed" if alive() is None else b"kept!")
            os._exit(0)
        os.close(write)
        answer = os.read(read, 5)
        os.close(read)
        os.waitpid(child, 0)
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()
    assert answer in (b"freed", b"kept!"), answer
    return answer == b"freed"


def test_a_worker_forked_during_a_build_scans_only_what_it_makes(make_app, tmp_path: Path) -> None:
    """Under -j, Sphinx forks a worker for each chunk of pages; what the worker inherited (garbage of the main
    process included) stays out of its collector's scans, and it exits after its chunk."""
    assert garbage_collected_in_a_fork(), "no build under way: a fork collects as usual"
    app = make_app("html", srcdir=copy_root("minimal", tmp_path), freshenv=True)  # the build is under way
    assert not garbage_collected_in_a_fork()
    app.build()
    assert garbage_collected_in_a_fork(), "once the build has finished, forks collect as usual again"


def test_the_loaded_environment_is_kept_out_during_the_build_and_handed_back_after_it(make_app, tmp_path: Path) -> None:
    """In-process builds (tests, scripts, previews): what the build froze is the collector's again once it returns."""
    src = copy_root("minimal", tmp_path)
    first = make_app("html", srcdir=src, freshenv=True)
    first.build()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0, "nothing stays frozen for the caller"
    assert tracked(first.env)

    # Something alive when the second build starts, garbage by its end: frozen with its environment.
    cycle = Cycle()
    cycle.itself = cycle
    alive = weakref.ref(cycle)

    # The second app loads the first one's pickled environment while it is made (before builder-inited).
    second = make_app("html", srcdir=src)
    assert not second.fresh_env_used
    assert gc.isenabled(), "the collector must run again once the builder is ready"
    assert gc.get_freeze_count() > 0
    assert not tracked(second.env), "the loaded environment is out of the collector's scans during the build"
    del cycle
    gc.collect()
    assert alive() is not None, "frozen garbage is not collected while the build runs"
    second.build()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert tracked(second.env)
    assert alive() is None, "handed back at the build's end, the garbage among it is freed"


EXIT_PROBE = """
import atexit, gc, json, os


def setup(app):
    # Registered before the build: atexit runs it after the command's build has returned.
    atexit.register(lambda: print(json.dumps({"frozen": gc.get_freeze_count()}), flush=True))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


# Three ways to run a build in a process of its own, and one that calls it from a function and goes on.
AS_COMMAND = "from sphinx.cmd.build import main\nimport sys\nsys.exit(main(sys.argv[1:]))"
FROM_A_FUNCTION = "from sphinx.cmd.build import main\nimport sys\ndef run():\n    return main(sys.argv[1:])\nrun()"


@pytest.mark.parametrize(
    ("how", "kept"),
    [(["-m", "sphinx"], True), (["-c", AS_COMMAND], True), (["-c", FROM_A_FUNCTION], False)],
    ids=["python-m-sphinx", "script", "called-from-a-function"],
)
def test_only_a_command_keeps_what_it_made_out_of_the_scans_of_its_exit(
    tmp_path: Path, how: list[str], kept: bool
) -> None:
    """A process that runs Sphinx's command-line main at its top level exits once it returns: there, what the
    build made stays frozen, and its exit's collection does not scan it again. A caller that goes on gets it
    all back; with the tuning off, nothing is frozen."""
    import json
    import subprocess
    import sys

    from helpers import EXT

    src = copy_root("minimal", tmp_path)
    (src / "exit_probe.py").write_text(EXIT_PROBE, encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nimport sys, os\nsys.path.insert(0, os.path.dirname(__file__))\nextensions.append("exit_probe")\n')
    frozen = {}
    for tuning in ("1", "0"):
        env = {**os.environ, "PYTHONPATH": str(EXT)}
        command = [sys.executable, *how, "-q", "-b", "html", "-D", f"talknotes_gc_tuning={tuning}"]
        done = subprocess.run(
            [*command, str(src), str(tmp_path / f"html-{tuning}")], capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
        frozen[tuning] = json.loads(done.stdout.strip().splitlines()[-1])["frozen"]
    assert (frozen["1"] > 10_000) is kept and frozen["0"] == 0, frozen


def test_the_documents_garbage_is_freed_before_the_generated_pages_and_what_remains_is_kept_out(
    make_app, tmp_path: Path
) -> None:
    """Once every document's page is written, one full collection frees what they left, and what remains (alive
    to the end of the build) is kept out of the scans of the collections the generated pages set off."""
    app = make_app("html", srcdir=copy_root("minimal", tmp_path), freshenv=True)
    seen: dict[str, object] = {}

    def after_the_collector(app) -> list:
        seen["environment scanned"] = tracked(app.env)
        seen["graph scanned"] = tracked(app.env.get_domain("talknotes").data)
        # Everything the collector no longer scans, scanned once more: nothing of it may be garbage.
        gc.unfreeze()
        seen["garbage among what was kept out"] = gc.collect()
        gc.freeze()
        return []

    def before_the_collector(app) -> list:
        # What was kept out when the builder was ready (some of it garbage by now) is handed back to the oldest
        # generation, so that what is kept out after the collector's handler is only what it kept out.
        gc.unfreeze()
        return []

    app.connect("html-collect-pages", before_the_collector, priority=40)  # the collector's own handler is at 50
    app.connect("html-collect-pages", after_the_collector, priority=60)
    app.build()
    assert seen == {"environment scanned": False, "graph scanned": False, "garbage among what was kept out": 0}
    assert (app.outdir / "topics" / "python.html").is_file(), "the generated pages are written after it"
    assert gc.isenabled()


def test_survivors_of_a_full_collection_are_kept_out_while_reading_and_generating_but_not_while_writing_documents(
    make_app, tmp_path: Path
) -> None:
    """While a serial build reads, and while it writes its generated pages, what survives a full collection is
    kept out of the next ones' scans; when reading ends, it is handed back and what of it is garbage by then is
    freed. While the documents' pages are written (Sphinx frees each doctree it kept once its page is written),
    the collector runs as Python runs it."""
    app = make_app("html", srcdir=copy_root("minimal", tmp_path), freshenv=True)
    kept: list[Cycle] = []  # alive at the full collection, dropped after it
    seen: dict[str, object] = {}

    def survivor_of_a_full_collection(phase: str) -> None:
        if phase in seen:
            return
        cycle = Cycle()
        cycle.itself = cycle
        kept.append(cycle)
        gc.collect()
        seen[phase] = "kept out" if not tracked(cycle) else "scanned"
        seen[f"{phase}: dropped"] = weakref.ref(cycle)
        kept.clear()

    def reading_ended(app, env) -> None:
        seen["freed when reading ended"] = seen["reading: dropped"]() is None
        seen["environment scanned when reading ended"] = tracked(env)

    app.connect("source-read", lambda app, docname, source: survivor_of_a_full_collection("reading"))
    app.connect("env-updated", reading_ended, priority=100)  # after the collector's own handler
    app.connect("doctree-resolved", lambda app, doctree, docname: survivor_of_a_full_collection("writing"))
    app.connect("html-collect-pages", lambda app: survivor_of_a_full_collection("generating") or [], priority=60)
    app.build()
    assert {key: value for key, value in seen.items() if not key.endswith("dropped")} == {
        "reading": "kept out",
        "freed when reading ended": True,
        "environment scanned when reading ended": True,
        "writing": "scanned",
        "generating": "kept out",
    }
    assert seen["writing: dropped"]() is None, "garbage made while writing is freed as usual"
    assert (app.outdir / "topics" / "python.html").is_file()
    assert "WARNING" not in app.warning.getvalue()
    assert gc.isenabled()


def test_under_j_the_main_process_keeps_survivors_out_while_it_hands_out_documents_and_frees_them_after(
    make_app, tmp_path: Path
) -> None:
    """Under -j, the main process loads and resolves every doctree and hands chunks of them to the writing
    workers: what survives a full collection then is kept out of the next ones' scans, and what of it is garbage
    (a chunk's doctrees, once its worker is joined) is freed once the documents are written."""
    src = copy_root("minimal", tmp_path)
    for number in range(60):  # enough pages for Sphinx to write them in chunks, in forked workers
        page = src / "recaps" / "good-2024" / f"note-{number:02}.md"
        page.write_text(f"---\ntopics: [python]\n---\n\n# Note {number}\n\nWhat was said, {number}.\n")
    app = make_app("html", srcdir=src, freshenv=True, parallel=2)
    main_process = os.getpid()
    kept: list[Cycle] = []
    seen: dict[str, object] = {}

    def while_handing_out(app, doctree, docname) -> None:
        if os.getpid() != main_process or "handing out" in seen:
            return
        cycle = Cycle()
        cycle.itself = cycle
        kept.append(cycle)
        gc.collect()
        seen["handing out"] = "kept out" if not tracked(cycle) else "scanned"
        seen["dropped"] = weakref.ref(cycle)
        kept.clear()

    def documents_written(app) -> list:
        seen["freed once the documents are written"] = seen["dropped"]() is None
        return []

    app.connect("doctree-resolved", while_handing_out)
    app.connect("html-collect-pages", documents_written, priority=60)  # after the collector's own handler
    app.build()
    assert app.builder.parallel_ok, "the documents were not written by workers"
    del seen["dropped"]
    assert seen == {"handing out": "kept out", "freed once the documents are written": True}
    assert (app.outdir / "recaps" / "good-2024" / "note-59.html").is_file()
    assert "WARNING" not in app.warning.getvalue()
    assert gc.isenabled()


def test_a_rebuild_of_a_few_documents_keeps_the_loaded_environment_out_even_after_a_full_collection(
    make_app, tmp_path: Path
) -> None:
    """Handing back what was frozen while reading would hand back the loaded environment with it: a rebuild
    that reads fewer documents than it keeps freezes nothing while reading, so the environment stays out."""
    src = copy_root("minimal", tmp_path)
    make_app("html", srcdir=src, freshenv=True).build()
    note = next(path for path in (src / "recaps").rglob("*.md") if path.name != "index.md")
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    app = make_app("html", srcdir=src)
    seen: dict[str, object] = {}

    def while_reading(app, docname, source) -> None:
        seen.setdefault("read", []).append(docname)
        gc.collect()

    app.connect("source-read", while_reading)
    app.connect("env-updated", lambda app, env: seen.update(scanned=tracked(env)), priority=100)
    app.build()
    assert seen == {"read": [str(note.relative_to(src).with_suffix("").as_posix())], "scanned": False}
    assert gc.isenabled()


def test_a_process_that_turned_the_collector_off_keeps_it_off(make_app, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    make_app("html", srcdir=src, freshenv=True).build()
    gc.disable()
    try:
        app = make_app("html", srcdir=src)
        assert not gc.isenabled() and not app.fresh_env_used and tracked(app.env)
        app.build()
        assert not gc.isenabled() and tracked(app.env)
    finally:
        gc.enable()


@pytest.mark.parametrize("why", ["setting", "versions"])
def test_untuned_the_collector_runs_as_python_runs_it(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    """Turned off (talknotes_gc_tuning = False), or on a Python or Sphinx it was not measured on, the build
    pauses and freezes nothing, and what an earlier tuned build froze is handed back all the same."""
    src = copy_root("minimal", tmp_path)
    make_app("html", srcdir=src, freshenv=True).build()
    assert gc.get_freeze_count() == 0  # nothing stays frozen for an in-process caller
    make_app("html", srcdir=src)  # its builder freezes the environment it loaded; it never builds
    assert gc.get_freeze_count() > 0
    overrides = {"talknotes_gc_tuning": False} if why == "setting" else {}
    if why == "versions":
        monkeypatch.setattr("talknotes.sphinx.gc_tuning.measured_here", lambda: False)
    app = make_app("html", srcdir=src, confoverrides=overrides)
    assert not app.fresh_env_used and gc.isenabled()
    assert gc.get_freeze_count() == 0 and tracked(app.env)
    app.build()
    assert gc.isenabled() and gc.get_freeze_count() == 0 and tracked(app.env)
    assert garbage_collected_in_a_fork()
    said = "its tuning was measured on Python 3.11, 3.12, 3.13" in app.status.getvalue()
    assert said == (why == "versions")


def test_an_untuned_build_resumes_a_collector_an_earlier_app_left_paused(make_app, tmp_path: Path) -> None:
    """An app that paused the collector and failed before its builder was ready: the next build, untuned, resumes it."""
    from talknotes.sphinx.gc_tuning import TUNING

    gc.disable()
    TUNING.enabled_before = True  # what hold() leaves when the builder is never made
    try:
        make_app("html", srcdir=copy_root("minimal", tmp_path), confoverrides={"talknotes_gc_tuning": False})
        assert gc.isenabled() and TUNING.enabled_before is None
    finally:
        gc.enable()
        TUNING.enabled_before = None


def test_the_tuning_setting_is_true_or_false(make_app, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ntalknotes_gc_tuning = "no"\n')
    with pytest.raises(ConfigError, match="talknotes_gc_tuning must be True or False, not 'no'"):
        make_app("html", srcdir=src)


def test_a_configuration_error_leaves_the_collector_running(make_app, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    with pytest.raises(ConfigError):
        make_app("html", srcdir=src, confoverrides={"talknotes_list_limit": -3})
    assert gc.isenabled()


def test_parallel_reading_frees_each_returned_environment_without_going_through_the_heap(
    make_app, tmp_path: Path
) -> None:
    """Under -j, every reading worker sends back its whole environment, garbage once merged. From the first
    merge to the end of reading, the main process collects only its youngest generation, where those copies
    are, and frees each of them (the first with one full collection, as it was unpickled before the pause);
    the workers it forks meanwhile collect as usual."""
    src = copy_root("minimal", tmp_path)
    for number in range(60):  # enough pages for Sphinx to read them in several chunks, so it forks after a merge
        page = src / "recaps" / "good-2024" / f"note-{number:02}.md"
        page.write_text(f"---\ntopics: [python]\n---\n\n# Note {number}\n\nWhat was said, {number}.\n")
    app = make_app("html", srcdir=src, freshenv=True, parallel=2)
    main_process = os.getpid()
    copies: list[weakref.ref] = []
    workers_collecting: list[bool] = []
    generations: list[int] = []  # collected in the main process from the first merge to the end of reading
    freed_when_reading_ended: list[bool] = []

    def in_worker(app, doctree) -> None:
        if os.getpid() != main_process:
            app.env.test_worker_collects = gc.isenabled()

    def on_merge(app, env, docnames, other) -> None:
        copies.append(weakref.ref(other))
        workers_collecting.append(other.test_worker_collects)

    def on_collection(phase: str, info: dict) -> None:
        if phase == "start" and copies and not freed_when_reading_ended:
            generations.append(info["generation"])

    def reading_ended(app, env) -> None:
        freed_when_reading_ended.extend(copy() is None for copy in copies)

    app.connect("doctree-read", in_worker)
    app.connect("env-merge-info", on_merge, priority=900)
    app.connect("env-updated", reading_ended, priority=100)  # after the collector's own handler
    gc.callbacks.append(on_collection)
    try:
        app.build()
    finally:
        gc.callbacks.remove(on_collection)

    assert len(copies) >= 3, "the pages were read in too few chunks for a worker to start after a merge"
    # One full collection for the first copy, unpickled before the pause; then only the youngest generation.
    assert generations[:1] == [2] and set(generations[1:]) == {0}, generations
    assert freed_when_reading_ended == [True] * len(copies)
    assert workers_collecting == [True] * len(copies)
    assert gc.isenabled()
    assert (app.outdir / "recaps" / "good-2024" / "note-59.html").is_file()
    assert "WARNING" not in app.warning.getvalue()
