#!/usr/bin/env python3
"""Writes `-- expect: rule-id "substring"` markers into rule examples, above the lines their findings point at.

Used once to move the examples in rules/src/main/resources/querylens/rules from "fires: N, contains: S"
to markers, and again whenever an example is added without them. It reads what RuleExamplesTest saw:

    mvn -B -o -q -pl analyzer -am test -Dtest=RuleExamplesTest -DargLine=-Dquerylens.examples.dump=/tmp/findings.jsonl
    bin/mark-rule-examples.py /tmp/findings.jsonl [--only rule,...] [--skip rule,...] [--keep-contains]

It pins what the rules do now, so review the diff: a marker on the wrong line (a CREATE TABLE where the
policy is meant) is a bug in the rule, not in the example. Examples that already mark any line for their
rule are left alone. With a single finding (or the first finding that holds the example's `contains`
substring) the substring moves into that marker and `contains:` is dropped, unless --keep-contains.
Standard library plus PyYAML (Debian python3-yaml) only.
"""
import argparse
import collections
import json
import os
import re
import sys

import yaml

RULES = os.path.join(os.path.dirname(__file__), "..", "rules", "src", "main", "resources", "querylens", "rules")
MARKER = re.compile(r"--\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")


def marked_rules(text):
    out = set()
    for m in MARKER.finditer(text):
        out.update(r.strip() for r in m.group(1).split(","))
    return out


def original_line(block_lines, stripped_line):
    """The 0-based index in the block of the stripped text's 1-based line (existing marker lines skipped)."""
    kept = 0
    for i, line in enumerate(block_lines):
        if MARKER.search(line) and not line[:MARKER.search(line).start()].strip():
            continue
        kept += 1
        if kept == stripped_line:
            return i
    raise ValueError("line %d is past the input" % stripped_line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump")
    ap.add_argument("--only", default="")
    ap.add_argument("--skip", default="")
    ap.add_argument("--keep-contains", action="store_true")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    skip = set(filter(None, args.skip.split(",")))

    found = collections.defaultdict(list)  # (rule, example) -> rows
    for line in open(args.dump):
        row = json.loads(line)
        found[(row["rule"], row["example"])].append(row)

    for (rule, example), rows in sorted(found.items()):
        if (only and rule not in only) or rule in skip or any("input" not in r for r in rows):
            continue
        path = os.path.join(RULES, rule + ".yaml")
        text = open(path).read()
        lines = text.split("\n")
        root = yaml.compose(text)
        examples = next(v for k, v in root.value if k.value == "examples")
        node = next(x for x in examples.value if any(k.value == "name" and v.value == example for k, v in x.value))
        fields = {k.value: (k, v) for k, v in node.value}
        contains = fields["contains"][1].value if "contains" in fields else None

        def block(input_name):
            """(file lines, 0-based line of the block's first content line, file path) for an input of the example."""
            if input_name.startswith("files/"):
                files = fields["files"][1]
                value = next(v for k, v in files.value if k.value == input_name[len("files/"):])
                return lines, value.start_mark.line + 1, path, value.value
            if input_name == "log" and "logFile" in fields:
                log_path = os.path.join(RULES, fields["logFile"][1].value)
                log_lines = open(log_path).read().split("\n")
                return log_lines, 0, log_path, "\n".join(log_lines)
            value = fields[input_name][1]
            return lines, value.start_mark.line + 1, path, value.value

        already = any(rule in marked_rules(block(r["input"])[3]) for r in rows)
        if already:
            continue
        # which finding carries the example's substring: the first that holds it
        holder = next((i for i, r in enumerate(rows) if r["containsExampleSubstring"]), None) if contains else None
        moved = (holder is not None and not args.keep_contains and all(r["input"] != "log" or "logFile" not in fields for r in rows)
                 and fields["contains"][1].start_mark.line == fields["contains"][1].end_mark.line)
        inserts = collections.defaultdict(list)  # (file, 0-based line) -> markers
        for i, r in enumerate(rows):
            file_lines, first, file_path, value = block(r["input"])
            at = first + original_line(value.split("\n"), r["line"])
            indent = re.match(r"\s*", file_lines[at]).group(0)
            marker = indent + "-- expect: " + rule
            if moved and i == holder:
                marker += ' "' + contains + '"'
            inserts[(file_path, at)].append(marker)
        edits = collections.defaultdict(dict)
        for (file_path, at), markers in inserts.items():
            edits[file_path][at] = markers
        for file_path, by_line in edits.items():
            file_lines = lines if file_path == path else open(file_path).read().split("\n")
            for at in sorted(by_line, reverse=True):
                file_lines[at:at] = by_line[at]
            if file_path == path:
                lines = file_lines
            else:
                open(file_path, "w").write("\n".join(file_lines))
        if moved:
            k = fields["contains"][0]
            # the contains: line shifted by the markers inserted above it
            shift = sum(len(m) for (fp, at), m in inserts.items() if fp == path and at <= k.start_mark.line)
            assert lines[k.start_mark.line + shift].lstrip().startswith("contains:"), (rule, example)
            del lines[k.start_mark.line + shift]
        open(path, "w").write("\n".join(lines))
        print("%s: %s: %d marker(s)%s" % (rule, example, len(rows), ", contains moved" if moved else ""))


if __name__ == "__main__":
    sys.exit(main())
