"""Slither over contracts/ (mocks excluded), compiled by the project's npm solc, checked against
slither.triage.json.

Every finding is matched against the triage file by detector + contract + function patterns
(shell-style wildcards), so line shifts and unrelated edits do not invalidate it. Exit 1 when a
finding of medium impact or above matches no triage entry; lower findings without an entry are
printed as warnings. Run by .ci/slither.sh (which owns the virtualenv).
"""

import argparse
import fnmatch
import glob
import inspect
import json
import os
import sys
import time

from crytic_compile import CryticCompile
from crytic_compile.platform.solc_standard_json import SolcStandardJson
from slither import Slither
from slither.detectors import all_detectors
from slither.detectors.abstract_detector import AbstractDetector

HERE = os.path.dirname(os.path.abspath(__file__))
FAILING_IMPACTS = {"High", "Medium"}


def standard_json(evm_version: str) -> dict:
    """The suite's sources (not the mocks) with the settings hardhat.config.ts builds them with."""
    files = sorted(
        f
        for f in glob.glob("contracts/**/*.sol", recursive=True)
        if not f.startswith(os.path.join("contracts", "mocks") + os.sep)
    )
    return {
        "language": "Solidity",
        "sources": {f: {"urls": [f]} for f in files},
        "settings": {
            "evmVersion": evm_version,
            "optimizer": {"enabled": True, "runs": 10000},
            "remappings": [],
        },
    }


def location(result: dict) -> tuple[str, str]:
    """The (contract, function) a finding is about: its first element that names them."""
    for element in result.get("elements", []):
        kind = element.get("type")
        parent = element.get("type_specific_fields", {}).get("parent", {})
        if kind == "contract":
            return element["name"], ""
        if kind == "function":
            return parent.get("name", ""), element["name"]
        if kind == "node":
            function = parent
            contract = function.get("type_specific_fields", {}).get("parent", {})
            return contract.get("name", ""), function.get("name", "")
        if kind in ("variable", "event", "struct", "enum", "custom_error", "modifier"):
            if parent.get("type") == "contract":
                return parent.get("name", ""), element["name"] if kind != "variable" else ""
            if parent.get("type") == "function":
                contract = parent.get("type_specific_fields", {}).get("parent", {})
                return contract.get("name", ""), parent.get("name", "")
    return "", ""


def matches(entry: dict, detector: str, contract: str, function: str) -> bool:
    return (
        fnmatch.fnmatchcase(detector, entry["detector"])
        and fnmatch.fnmatchcase(contract, entry.get("contract", "*"))
        and fnmatch.fnmatchcase(function, entry.get("function", "*"))
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triage", default="slither.triage.json")
    parser.add_argument("--evm-version", default=os.environ.get("EVM_VERSION", "cancun"))
    parser.add_argument("--json", help="write every finding with its triage status here")
    args = parser.parse_args()

    with open(args.triage, encoding="utf8") as file:
        triage = json.load(file)["findings"]
    for entry in triage:
        if not entry.get("reason", "").strip():
            print(f"slither: triage entry {entry} has no reason", file=sys.stderr)
            return 2

    started = time.monotonic()
    compilation = CryticCompile(SolcStandardJson(standard_json(args.evm_version)), solc=os.path.join(HERE, "solc"))
    slither = Slither(compilation, filter_paths=["@openzeppelin/", "node_modules/", "contracts/mocks/"])
    for _, detector in inspect.getmembers(all_detectors, inspect.isclass):
        if issubclass(detector, AbstractDetector):
            slither.register_detector(detector)
    results = [r for batch in slither.run_detectors() for r in batch]
    seconds = time.monotonic() - started

    used = [0] * len(triage)
    report = []
    new_failing = 0
    for result in sorted(results, key=lambda r: (r["check"], r.get("first_markdown_element", ""))):
        contract, function = location(result)
        hits = [i for i, entry in enumerate(triage) if matches(entry, result["check"], contract, function)]
        for i in hits:
            used[i] += 1
        status = "triaged" if hits else "NEW"
        report.append(
            {
                "detector": result["check"],
                "impact": result["impact"],
                "confidence": result["confidence"],
                "contract": contract,
                "function": function,
                "status": status,
                "reason": triage[hits[0]]["reason"] if hits else None,
                "description": result["description"].strip(),
            }
        )
        if not hits:
            failing = result["impact"] in FAILING_IMPACTS
            new_failing += failing
            print(
                f"{'NEW' if failing else 'warning: untriaged'} [{result['impact']}/{result['confidence']}] "
                f"{result['check']} in {contract or '?'}.{function or '*'}: "
                f"{result['description'].strip().splitlines()[0]}",
                file=sys.stderr,
            )
            print(
                f'  triage it with {{"detector": "{result["check"]}", "contract": "{contract}", '
                f'"function": "{function or "*"}", "reason": "..."}} once you know why it is safe',
                file=sys.stderr,
            )
    for entry, count in zip(triage, used):
        if count == 0:
            print(f"note: triage entry matches no finding any more (remove it?): {json.dumps(entry)}")

    if args.json:
        with open(args.json, "w", encoding="utf8") as file:
            json.dump(report, file, indent=2)
    by_impact: dict[str, int] = {}
    for item in report:
        by_impact[item["impact"]] = by_impact.get(item["impact"], 0) + 1
    triaged = sum(1 for item in report if item["status"] == "triaged")
    print(
        f"slither: {len(report)} findings ({', '.join(f'{k} {v}' for k, v in sorted(by_impact.items()))}), "
        f"{triaged} triaged, {len(report) - triaged} untriaged, {new_failing} new at medium or above "
        f"({seconds:.0f} s, evm {args.evm_version})"
    )
    return 1 if new_failing else 0


if __name__ == "__main__":
    sys.exit(main())
