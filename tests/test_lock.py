"""constraints.txt (the lock of exact versions, made by tools/lock.sh) agrees with pyproject.toml:
every requirement of the package and of every extra has exactly one pin for this interpreter, and
every pin of it satisfies the requirement's range. When this fails, run ``bash tools/lock.sh``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

LOCK = ROOT / "constraints.txt"
FIX = "the lock is out of date: run `bash tools/lock.sh` and commit constraints.txt"


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    marker: Marker | None

    def applies(self) -> bool:
        return self.marker is None or self.marker.evaluate()


def read_pins() -> list[Pin]:
    pins = []
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        requirement = Requirement(text)
        specs = list(requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and not requirement.extras, \
            f"constraints.txt:{number}: {text!r} is not an exact pin"
        pins.append(Pin(canonicalize_name(requirement.name), Version(specs[0].version), requirement.marker))
    return pins


def project_requirements() -> list[tuple[str, Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [("dependencies", Requirement(r)) for r in project["dependencies"]]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        found += [(f"[{extra}]", Requirement(r)) for r in requirements]
    return found


@pytest.fixture(scope="module")
def pins() -> list[Pin]:
    if not LOCK.exists():
        pytest.fail(f"constraints.txt is missing: {FIX}")
    return read_pins()


@pytest.mark.parametrize("where,requirement", project_requirements(), ids=lambda v: str(v))
def test_every_requirement_has_one_fitting_pin(pins, where, requirement):
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
        pytest.skip(f"{requirement} does not apply here")
    name = canonicalize_name(requirement.name)
    mine = [p for p in pins if p.name == name]
    assert mine, f"{requirement} ({where}) has no pin in constraints.txt; {FIX}"
    here = [p for p in mine if p.applies()]
    assert len(here) == 1, f"{requirement} ({where}): {len(here)} pins apply to this Python; {FIX}"
    for pin in mine:
        assert requirement.specifier.contains(pin.version, prereleases=True), \
            f"{requirement} ({where}) is pinned to {pin.version}, outside its range; {FIX}"


def test_no_package_is_pinned_twice_for_one_environment(pins):
    here = [p.name for p in pins if p.applies()]
    assert sorted({n for n in here if here.count(n) > 1}) == []


def test_the_lock_covers_every_extra_and_says_how_it_was_made():
    header = LOCK.read_text(encoding="utf-8").splitlines()[:3]
    assert header[1].strip() == "#    bash tools/lock.sh", header
    script = (ROOT / "tools" / "lock.sh").read_text(encoding="utf-8")
    assert "--all-extras" in script and "pyproject.toml" in script


def test_ci_installs_with_the_lock_and_runs_the_readme_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "python3 -m pip install -q -c constraints.txt -e '.[test]' && python3 -m pytest"
    assert command in readme
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()[-1] == command
