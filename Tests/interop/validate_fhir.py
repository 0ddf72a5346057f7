#!/usr/bin/env python3
"""Parses FHIR R4 JSON that Carnet wrote with an independent implementation: the R4B
models of the `fhir.resources` package (PyPI). Exit 0 when every file parses; otherwise
one line per file naming the problem, and exit 1."""
import json
import sys

from fhir.resources.R4B.bundle import Bundle


def main(paths):
    failures = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            bundle = Bundle.model_validate(data) if hasattr(Bundle, "model_validate") else Bundle.parse_obj(data)
            kinds = sorted({type(entry.resource).__name__ for entry in (bundle.entry or [])})
            print(f"ok {path}: Bundle {bundle.type}, {len(bundle.entry or [])} entries ({', '.join(kinds)})")
        except Exception as error:  # every kind of refusal is reported, not raised
            failures += 1
            print(f"refused {path}: {str(error).splitlines()[0] if str(error) else type(error).__name__}")
            print(str(error)[:2000], file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
