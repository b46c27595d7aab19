"""Dependency vulnerability scan of the pinned packages (requirements-test.lock), honest about coverage.

pip-audit reports "No known vulnerabilities found" even when it could not look a single package up (no
network to its database): this wrapper counts what was actually checked, says plainly what was skipped
and why, and fails only on a known vulnerability, never on an unreachable database.

    python .ci/audit.py <pip-audit executable> <lock file>
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

SERVICES = ("pypi", "osv")  # PyPI's JSON API first; OSV's database if PyPI answered for nothing


def scan(pip_audit: str, lock: str, service: str) -> tuple[list[dict], str]:
    """The per-package report, or [] and why there is none."""
    run = subprocess.run(
        [pip_audit, "-r", lock, "--no-deps", "--disable-pip", "-s", service, "-f", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(run.stdout)["dependencies"], ""
    except (json.JSONDecodeError, KeyError):
        last = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        return [], last[0][:200]


def main() -> int:
    pip_audit, lock = sys.argv[1], sys.argv[2]
    why, packages = [], 0
    for service in SERVICES:
        deps, failure = scan(pip_audit, lock, service)
        checked = [d for d in deps if "skip_reason" not in d]
        if checked:
            break
        packages = max(packages, len(deps))
        reasons = Counter(d["skip_reason"].split(":")[0] for d in deps)
        why.append(f"{service}: " + (failure or "; ".join(f"{r} ({n} packages)" for r, n in reasons.items())))
    else:
        print(
            f"Vulnerability scan SKIPPED: none of the {packages} pinned packages could be checked, so nothing is "
            "known about their vulnerabilities (the vulnerability databases could not be reached?). " + " | ".join(why)
        )
        return 0
    skipped = [d for d in deps if "skip_reason" in d]
    found = [(d["name"], d["version"], v["id"], v.get("fix_versions", [])) for d in checked for v in d["vulns"]]
    for name, version, vuln, fixes in found:
        print(f"VULNERABLE: {name} {version}: {vuln} (fixed in {', '.join(fixes) or 'no release yet'})")
    note = f"; {len(skipped)} could not be checked: {', '.join(d['name'] for d in skipped)}" if skipped else ""
    print(
        f"Vulnerability scan ({service}): {len(checked)} of {len(deps)} pinned packages checked, "
        f"{len(found)} known vulnerabilities{note}."
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
