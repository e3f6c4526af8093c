#!/usr/bin/env python3
"""validate.py - check results documents against the JSON Schema.

    validate.py SCHEMA PATH...

Each PATH is a file or a folder (searched recursively for *.json). Every
JSON file whose "schema" is "vmlab-results/1" is validated; other JSON
(experiments, calibration documents) and files whose name starts with
"bad" (inputs that tests break on purpose) are skipped. One line per
error: FILE: JSON-PATH: message. Exit status 1 when any document fails.
"""
import json
import os
import sys

import jsonschema


def documents(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                for f in sorted(files):
                    if f.endswith(".json"):
                        yield os.path.join(root, f)
        else:
            yield p


def json_path(error):
    out = "$"
    for part in error.absolute_path:
        out += "[%d]" % part if isinstance(part, int) else "." + str(part)
    return out


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in documents(sys.argv[2:]):
        if os.path.basename(path).startswith("bad"):
            continue
        try:
            doc = json.load(open(path))
        except (ValueError, OSError):
            continue
        if not isinstance(doc, dict) or doc.get("schema") != "vmlab-results/1":
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        for e in errors[:10]:
            print("%s: %s: %s" % (path, json_path(e), e.message))
        if len(errors) > 10:
            print("%s: ... and %d more errors" % (path, len(errors) - 10))
        bad += len(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
