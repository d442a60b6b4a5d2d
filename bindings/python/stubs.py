"""Turns stubgen's output for the module UniFFI generates into the package's public stubs.

    python stubs.py GENERATED.pyi > python/govcred/__init__.pyi

stubgen keeps UniFFI's private helpers (`_Uniffi…`) and cannot follow the trick the generated
module uses for error types (a class is defined, renamed to `_UniffiTemp…`, redefined to
hold the variants and renamed back), so it writes two classes of one name. This keeps the
public top-level items and writes each error type as one class with its variants nested,
subclassing it, as they are at runtime, and gives records' fields the types of their
constructor's parameters. scripts/test-python.sh then checks the result against
the built module with stubtest and commits nothing it has not checked.
"""

import re
import sys

HEADER = """\
# Type stubs of the govcred package, made from the module UniFFI generates
# (govcred._uniffi.govcred, re-exported by __init__.py) by stubgen and bindings/python/stubs.py.
# scripts/test-python.sh fails when they drift from the built module (UPDATE_STUBS=1 rewrites
# them) and checks them with stubtest.
"""


def blocks(lines):
    """Top-level items: each a list of lines starting at column 0, decorators included."""
    out, current = [], []
    for line in lines:
        starts = line and not line[0].isspace() and not line.startswith("#")
        if starts and current and not current[-1].startswith("@"):
            out.append(current)
            current = []
        if line.strip() or current:
            current.append(line)
    if current:
        out.append(current)
    return out


def name_of(block):
    for line in block:
        m = re.match(r"(?:class|def)\s+(\w+)|(\w+)\s*[:=]", line)
        if m:
            return m.group(1) or m.group(2)
    return None


def split_params(text):
    """Splits a parameter list at the commas outside brackets."""
    out, depth, current = [], 0, ""
    for ch in text:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        out.append(current.strip())
    return out


def type_record_fields(block):
    """stubgen leaves a record's fields as `name = ...`; their types are in `__init__`."""
    types = {}
    for line in block:
        m = re.match(r"\s+def __init__\(self, \*, (.*)\) -> None: \.\.\.$", line)
        if m:
            for param in split_params(m.group(1)):
                name, _, annotation = param.partition(":")
                types[name.strip()] = annotation.split("=")[0].strip()
    out = []
    for line in block:
        # The generated records are dataclasses with their own `__init__` and no annotated
        # fields; declared as dataclasses here, mypy would invent `__match_args__` for them.
        if line == "@dataclass":
            continue
        m = re.match(r"(\s+)(\w+) = \.\.\.$", line)
        if m and types.get(m.group(2)):
            line = f"{m.group(1)}{m.group(2)}: {types[m.group(2)]}"
        out.append(line)
    return out


def main(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    items = blocks(lines)
    kept = []
    errors = {}
    for block in items:
        name = name_of(block)
        first = block[0]
        if first.startswith(("import ", "from ")):
            kept.append(block)
            continue
        if name is None or name.startswith("_"):
            continue
        m = re.match(r"class (\w+)\(Exception\): \.\.\.$", first)
        if m:
            errors[m.group(1)] = len(kept)
            kept.append(block)
            continue
        m = re.match(r"class (\w+):$", first)
        if m and m.group(1) in errors:
            # The second definition holds the variants: fold them into the first.
            body = [re.sub(r"\(_UniffiTemp(\w+)\)", r"(\1)", line) for line in block[1:]]
            kept[errors[m.group(1)]] = [f"class {m.group(1)}(Exception):"] + body
            continue
        kept.append(type_record_fields(block))
    sys.stdout.write(HEADER)
    previous_import = False
    for block in kept:
        is_import = block[0].startswith(("import ", "from "))
        if not (is_import and previous_import):
            sys.stdout.write("\n")
        sys.stdout.write("\n".join(line for line in block if line.strip()) + "\n")
        previous_import = is_import


if __name__ == "__main__":
    main(sys.argv[1])
