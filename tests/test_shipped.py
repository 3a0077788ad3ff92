"""vngreg/shipped.py: the shipped shapes, ontology and queries are found in a checkout, and in a
copy that lost vngreg/data's links to them (an archive, a tool that copies files, not links)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT
from vngreg import shipped


def test_in_this_checkout_each_folder_is_the_projects_own():
    for name, where in shipped.IN_CHECKOUT.items():
        assert shipped.folder(name).resolve() == (ROOT / where).resolve()


def test_a_copy_without_the_links_uses_the_projects_folders(tmp_path):
    copy = tmp_path / "vngreg-copy"
    shutil.copytree(ROOT / "vngreg", copy / "vngreg", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(copy / "vngreg" / "data")  # what a copy of files without links leaves
    for where in shipped.IN_CHECKOUT.values():
        shutil.copytree(ROOT / where, copy / where)
    found = subprocess.run(
        [sys.executable, "-c", "from vngreg import shipped\n"
         "for name in shipped.IN_CHECKOUT: print(shipped.folder(name))"],
        cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)}, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == [str(copy / where) for where in shipped.IN_CHECKOUT.values()]
