"""vngreg as a package, away from this repository: a copy of the project's tracked files (what a
clone holds) with no reference folder beside it builds a wheel and an sdist; the wheel, installed into a
fresh virtualenv, makes a new register that builds and passes the official profiles; and the tests
that read copied reference files pass in that copy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from vngreg import __version__

DATA = ROOT / "tests" / "data"


def _run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False,
                          env=env)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The files git tracks, as they are in the working tree (symbolic links kept as links), in a
    temporary folder whose parent holds nothing else (no developers' reference folder beside it)."""
    folder = tmp_path_factory.mktemp("fresh") / "vngreg"
    listed = _run("git", "ls-files", "-z", cwd=ROOT)
    assert listed.returncode == 0, listed.stderr
    for name in filter(None, listed.stdout.split("\0")):
        source, target = ROOT / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            target.write_bytes(source.read_bytes())
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]
    return folder


@pytest.fixture(scope="module")
def dist(clone) -> Path:
    """`python -m build` in the clone, offline: setuptools and build come from the test venv."""
    result = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", clone / "dist", cwd=clone)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return clone / "dist"


def test_build_gives_a_wheel_and_an_sdist_holding_everything_a_build_needs(dist):
    assert sorted(p.name for p in dist.iterdir()) == [f"vngreg-{__version__}-py3-none-any.whl",
                                                      f"vngreg-{__version__}.tar.gz"]
    names = set(zipfile.ZipFile(dist / f"vngreg-{__version__}-py3-none-any.whl").namelist())
    shipped = [f"vngreg/data/shapes/{p.name}" for p in (ROOT / "shapes").glob("*.ttl")]
    shipped += [f"vngreg/data/ontology/{p.name}" for p in (ROOT / "ontology").iterdir()]
    shipped += [f"vngreg/data/queries/{p.name}" for p in (ROOT / "docs/queries").iterdir()]
    shipped += [f"vngreg/site/templates/{p.name}" for p in (ROOT / "vngreg/site/templates").iterdir()]
    shipped += [str(p.relative_to(ROOT)) for p in (ROOT / "vngreg/validate/official").rglob("*")
                if p.is_file()]
    shipped += [str(p.relative_to(ROOT)) for p in (ROOT / "vngreg/new_register").rglob("*") if p.is_file()]
    shipped += ["vngreg/mapping/profiles/fskm.ttl"]
    assert sorted(set(shipped) - names) == []
    assert "vngreg/validate/official/dcat-ap-3.0.1/LICENCE.md" in names


@pytest.fixture(scope="module")
def venv(dist, tmp_path_factory) -> Path:
    """A fresh virtualenv outside the repository with the wheel installed. Its dependencies are
    the test venv's, put on its path by a .pth file, so that no package is downloaded; `pip check`
    proves they satisfy the wheel's requirements."""
    folder = tmp_path_factory.mktemp("venv") / "v"
    assert _run(sys.executable, "-m", "venv", folder, cwd=folder.parent).returncode == 0
    site = _run(folder / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                cwd=folder.parent).stdout.strip()
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    installed = _run(folder / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                     dist / f"vngreg-{__version__}-py3-none-any.whl", cwd=folder.parent)
    assert installed.returncode == 0, installed.stderr
    check = _run(folder / "bin" / "python", "-m", "pip", "check", cwd=folder.parent)
    assert check.returncode == 0, check.stdout
    return folder


def test_the_wheel_alone_makes_a_register_that_builds_and_passes_the_official_profiles(venv, tmp_path):
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": "",
           "VNGREG_CACHE": str(tmp_path / "cache")}

    def vngreg(*args, cwd=tmp_path):
        return _run("vngreg", *args, cwd=cwd, env=env)

    where = _run("python", "-c", "import vngreg; print(vngreg.__file__)", cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout
    assert vngreg("--version").stdout == f"vngreg, version {__version__}\n"
    assert vngreg("init", "reg").returncode == 0
    register = tmp_path / "reg"
    built = vngreg("build", cwd=register)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("wrote ") and "1 standards; 0 violations, 0 warnings" in built.stdout
    assert (register / "out" / "shapes" / "gs-shapes.ttl").is_file()
    assert (register / "out" / "ontology" / "gs.ttl").is_file()
    catalog = vngreg("validate", "--profile", "dcat-ap", "--profile", "dcat-ap-nl", "out/catalog.ttl",
                     cwd=register)
    assert (catalog.returncode, catalog.stderr) == (0, ""), catalog.stdout + catalog.stderr
    assert catalog.stdout == ("out/catalog.ttl (dcat-ap): 0 violations, 0 warnings\n"
                              "out/catalog.ttl (dcat-ap-nl): 0 violations, 0 warnings\n")
    skos = vngreg("validate", "--profile", "nl-sbb", "out/register.ttl", "out/catalog.ttl", cwd=register)
    assert (skos.returncode, skos.stderr) == (0, ""), skos.stdout + skos.stderr
    broken = vngreg("validate", DATA / "broken-catalog.ttl", cwd=tmp_path)
    assert broken.returncode == 1
    assert ("<https://example.org/distributie> dcat:byteSize: violation: niet voldaan aan: sh:datatype "
            "xsd:nonNegativeInteger (value: veel) [dcat:byteSize sh:datatype]") in broken.stderr


def test_a_register_folder_needs_only_its_source_and_may_bring_its_own_shapes(venv, tmp_path):
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": "",
           "VNGREG_CACHE": str(tmp_path / "cache")}
    assert _run("vngreg", "init", "reg", cwd=tmp_path, env=env).returncode == 0
    register = tmp_path / "reg"
    (register / "shapes").mkdir()
    (register / "shapes" / "eigen.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
        "@prefix gs: <https://data.vng.nl/gemeentelijke-standaarden/def/gs#> .\n"
        "<https://example.org/shapes#versie> a sh:NodeShape ; sh:targetClass gs:GemeentelijkeStandaard ;\n"
        '  sh:property [ sh:path <http://www.w3.org/2002/07/owl#versionInfo> ; sh:minCount 1 ;\n'
        '    sh:message "Geef de versie van de standaard (versie)."@nl ] .\n', encoding="utf-8")
    checked = _run("vngreg", "check", cwd=register, env=env)
    assert checked.returncode == 1
    line = next(n for n, text in enumerate(
        (register / "source" / "standaarden.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "- id: voorbeeldstandaard" in text)
    assert checked.stderr == (f"source/standaarden.yaml:{line} (voorbeeldstandaard): violation: Geef de "
                              "versie van de standaard (versie). [owl:versionInfo sh:minCount]\n")
    standards = register / "source" / "standaarden.yaml"
    standards.write_text(standards.read_text(encoding="utf-8").replace(
        "    categorie: api-standaarden\n", "    categorie: api-standaarden\n    versie: '1.0'\n"),
        encoding="utf-8")
    assert _run("vngreg", "check", cwd=register, env=env).returncode == 0
    # A file with the name of a shipped one replaces it; the build publishes the shapes it used.
    (register / "shapes" / "gs-shapes.ttl").write_text("# none\n", encoding="utf-8")
    assert _run("vngreg", "build", cwd=register, env=env).returncode == 0
    assert sorted(p.name for p in (register / "out" / "shapes").iterdir()) == ["eigen.ttl", "gs-shapes.ttl"]
    assert (register / "out" / "shapes" / "gs-shapes.ttl").read_text(encoding="utf-8") == "# none\n"


# The tests that read files copied from the developers' reference folder, run in the clone with
# nothing beside it.
COPIED_FROM_SHARED = ["tests/test_dcat_ap.py", "tests/test_nlsbb.py", "tests/test_register_table.py",
                      "tests/test_import.py", "tests/test_adms.py"]


def test_a_fresh_clone_passes_the_tests_that_read_copied_reference_files(clone):
    env = {**os.environ, "PYTHONPATH": str(clone)}  # the clone's vngreg, not this checkout's
    where = _run(sys.executable, "-c", "import vngreg, tests.conftest as c; "
                 "print(vngreg.__file__, c.REFERENCE, c.SEED)", cwd=clone, env=env)
    assert all(Path(p).is_relative_to(clone) and Path(p).exists() for p in where.stdout.split()), where
    result = _run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *COPIED_FROM_SHARED,
                  cwd=clone, env=env)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed", result.stdout) and "skipped" not in result.stdout


def test_nothing_in_the_project_reads_shared():
    """The developers' reference folder beside the project exists only on their machines: no code
    or script names it as a path."""
    uses = []
    files = [*ROOT.glob("vngreg/**/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("benchmarks/*.py"),
             ROOT / "tests" / "setup", ROOT / ".ci" / "run", ROOT / "pyproject.toml"]
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\.\./shared|[\"']shared[\"']", code) and path != Path(__file__):
                uses.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert uses == []
