"""List the pins in pyproject.toml that are behind their latest release (for this Python).

`make outdated` runs it; it asks the package index (pip's own `list --outdated`), so it needs the
network. Exits with 1 when something is behind, so it can gate a release checklist.
"""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# Pins held back on purpose, with the reason; they are listed but do not fail the check.
HELD = {
    "pytest": "9.2 removed Node._nodeid, which schemathesis 4.32's pytest plugin still sets",
}


def pins() -> dict[str, str]:
    project = tomllib.loads(PROJECT.read_text())["project"]
    requirements = list(project["dependencies"])
    for group in project.get("optional-dependencies", {}).values():
        requirements += group
    found = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==([^;\s]+)", requirement.strip())
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def main() -> int:
    pinned = pins()
    listing = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--outdated", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    behind = []
    for package in json.loads(listing.stdout):
        name = re.sub(r"[-_.]+", "-", package["name"]).lower()
        if name in pinned and pinned[name] != package["latest_version"]:
            behind.append((name, pinned[name], package["latest_version"]))
    for name, pin, latest in sorted(behind):
        held = f"  (held: {HELD[name]})" if name in HELD else ""
        print(f"{name:32} pinned {pin:12} latest {latest}{held}")
    failing = [name for name, _pin, _latest in behind if name not in HELD]
    if not failing:
        print(f"All {len(pinned)} pins are at their latest release, but for those held on purpose.")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
