"""A build of the real register never loads rdflib or pySHACL (issue 12's cold-start target): the
engine validates, our own writers write, and pyLODE's page comes from the cache. Each probe is a
fresh Python process, as a user's `vngreg build` is."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ("rdflib", "pyshacl")
PROBE = """
import sys
from vngreg.cli import main
{action}
print(sorted({{m.split(".")[0] for m in sys.modules}} & {heavy!r}))
"""


def _loaded(action: str, env: dict | None = None) -> str:
    script = PROBE.format(action=action, heavy=set(HEAVY))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1]


def test_importing_the_cli_loads_neither_rdflib_nor_pyshacl():
    assert _loaded("") == "[]"


def test_a_build_with_a_warm_cache_loads_neither_rdflib_nor_pyshacl(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "VNGREG_CACHE": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    build = (f"main(['build', '--source', {str(ROOT / 'source')!r}, '--out', {str(tmp_path / 'out')!r}],"
             " standalone_mode=False)")
    # The first build makes pyLODE's page, and pyLODE works on an rdflib graph: the probe sees it.
    assert _loaded(build, env) == "['rdflib']"
    assert _loaded(build, env) == "[]"
    assert (tmp_path / "out" / "register.ttl").read_bytes() == (ROOT / "out" / "register.ttl").read_bytes()
