"""``sphinx-build`` and the ``talknotes`` command in a fresh fork of a server that imported Sphinx, MyST, the theme
and the extension once.

Each build or command still runs as the command does: in a process of its own, with its own arguments, environment,
standard output and error and exit status, from the state a new interpreter has after those imports. What
it saves is the imports themselves, about 0.9 s of a small site's 1.4 s build, once per build: the suite
runs some three hundred builds. The server is multiprocessing's forkserver, which forks from its own clean
process, never from the test worker with what earlier tests left in it.

Two things a fork cannot give, and where a test needs them it asks ``helpers.sphinx_build`` for a new
interpreter: another copy of the extension than the one preloaded (a changed ``PYTHONPATH``), and another
hash seed (forks share their server's, so two builds compared for determinism would iterate their sets
alike even where the code leaves their order to chance).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import resource
import sys
import tempfile
from pathlib import Path

# Imported once by the server; anything not installed is skipped, as multiprocessing does.
PRELOAD = [
    "sphinx.cmd.build",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.builders.dirhtml",
    "sphinx.builders.singlehtml",
    "sphinx.builders.epub3",
    "docutils.parsers.rst",
    "myst_parser.sphinx_ext.main",
    "sphinx_design",
    "furo",
    "feedgen.feed",
    "icalendar",
    "jsonschema",
    "talknotes",
]
_context: multiprocessing.context.ForkServerContext | None = None


def context() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


# The commands a test runs in a fork: the function each calls with its arguments, as its executable does.
COMMANDS = {"sphinx-build": ("sphinx.cmd.build", "main"), "talknotes": ("talknotes.commands.cli", "main")}


def run(
    argv: list[str],
    env: dict[str, str],
    command: str = "sphinx-build",
    memory: int | None = None,
    timeout: float | None = None,
) -> tuple[int, str, str]:
    """Run ``command argv`` in a fork with ``env`` as its environment: (exit status, stdout, stderr).

    ``memory`` bounds the fork's address space in bytes (``RLIMIT_AS``), and ``timeout`` its time in seconds
    (then it is killed and the call raises ``TimeoutError``): a regression then fails its test instead of taking
    the machine down."""
    with tempfile.TemporaryDirectory(prefix="talknotes-build-") as scratch:
        out, err = Path(scratch, "stdout"), Path(scratch, "stderr")
        arguments = (command, argv, env, str(out), str(err), str(Path.cwd()), memory)
        process = context().Process(target=child, args=arguments)
        process.start()
        process.join(timeout)
        if process.exitcode is None:
            process.kill()
            process.join()
            raise TimeoutError(f"{command} {' '.join(argv)} ran for more than {timeout} s")
        read = [path.read_text(encoding="utf-8", errors="replace") if path.is_file() else "" for path in (out, err)]
        return process.exitcode, read[0], read[1]


def child(
    command: str, argv: list[str], env: dict[str, str], out: str, err: str, cwd: str, memory: int | None = None
) -> None:
    """The forked child: its memory bound, the command's environment, its output into ``out`` and ``err``, then its
    exit."""
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    with Path(out).open("w", encoding="utf-8") as stdout, Path(err).open("w", encoding="utf-8") as stderr:
        # The descriptors too, so that what a child process of the build prints is kept as well.
        os.dup2(stdout.fileno(), 1)
        os.dup2(stderr.fileno(), 2)
        sys.stdout, sys.stderr = stdout, stderr
        try:
            module, function = COMMANDS[command]
            code = getattr(importlib.import_module(module), function)(argv)
        except SystemExit as stop:  # as the interpreter exits: None is 0, a message is printed and is 1
            if stop.code is not None and not isinstance(stop.code, int):
                print(stop.code, file=stderr)
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except Exception:  # noqa: BLE001 (an uncaught error: printed, as the interpreter would, then exit 1)
            import traceback

            traceback.print_exc()
            code = 1
        stdout.flush()
        stderr.flush()
    os._exit(code)
