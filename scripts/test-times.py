#!/usr/bin/env python3
"""Summarises a nextest JUnit report: the slowest tests and each test binary's total.

    python3 scripts/test-times.py target/nextest/ci/junit.xml [N]
"""

import sys
import xml.etree.ElementTree as ET


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "target/nextest/ci/junit.xml"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    root = ET.parse(path).getroot()
    cases = []
    suites = []
    for suite in root.iter("testsuite"):
        name = suite.get("name", "?")
        times = [float(c.get("time", "0")) for c in suite.iter("testcase")]
        suites.append((sum(times), len(times), name))
        for c in suite.iter("testcase"):
            failed = c.find("failure") is not None or c.find("error") is not None
            cases.append((float(c.get("time", "0")), f"{name} {c.get('name', '?')}", failed))
    cases.sort(reverse=True)
    print(f"slowest {min(n, len(cases))} of {len(cases)} tests (seconds):")
    for t, name, failed in cases[:n]:
        print(f"  {t:8.2f}  {name}{'  FAILED' if failed else ''}")
    print("test binaries (tests, summed test time in seconds):")
    for total, count, name in sorted(suites, reverse=True):
        print(f"  {total:8.2f}  {count:4d}  {name}")
    print(f"  {sum(s[0] for s in suites):8.2f}  {sum(s[1] for s in suites):4d}  all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
