"""The garbage collector around a build: paused while Sphinx loads its environment, the loaded objects kept out
of its scans during the build, everything handed back at the end (in-process builds, as tests and previews run)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import copy_root
from sphinx.errors import ConfigError


def tracked(obj: object) -> bool:
    """Whether the collector scans ``obj`` (frozen objects are in no generation)."""
    return any(candidate is obj for candidate in gc.get_objects())


def test_the_loaded_environment_is_kept_out_of_the_collector_for_the_build_only(make_app, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    first = make_app("html", srcdir=src, freshenv=True)
    first.build()
    assert gc.isenabled() and gc.get_freeze_count() == 0

    # The second app loads the first one's pickled environment while it is made (before builder-inited).
    second = make_app("html", srcdir=src)
    assert not second.fresh_env_used
    assert gc.isenabled(), "the collector must run again once the builder is ready"
    assert gc.get_freeze_count() > 0
    assert not tracked(second.env), "the loaded environment is out of the collector's scans during the build"
    second.build()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert tracked(second.env), "after the build the environment can be freed with its app"


def test_a_process_that_turned_the_collector_off_keeps_it_off(make_app, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    make_app("html", srcdir=src, freshenv=True).build()
    gc.disable()
    try:
        app = make_app("html", srcdir=src)
        assert not gc.isenabled() and gc.get_freeze_count() == 0
        app.build()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_a_configuration_error_leaves_the_collector_running(make_app, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    with pytest.raises(ConfigError):
        make_app("html", srcdir=src, confoverrides={"talknotes_list_limit": -3})
    assert gc.isenabled() and gc.get_freeze_count() == 0
