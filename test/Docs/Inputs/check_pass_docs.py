"""Checks that every pass of nnid has its entry in a generated reference.

Usage: check_pass_docs.py INCLUDE_DIR DOCS_DIR

Every `Pass<"name"` of every Passes.td under INCLUDE_DIR (include/nnid)
must appear as "`-name`" in one of the *Passes.md files of DOCS_DIR, which
nnid_add_pass_doc() beside each Passes.td writes. Prints what is missing,
or how many passes are documented.
"""

import pathlib
import re
import sys


def main():
    include_dir, docs_dir = map(pathlib.Path, sys.argv[1:])
    root = include_dir.parent.parent
    docs = "".join(p.read_text() for p in sorted(docs_dir.glob("*Passes.md")))
    count, failed = 0, False
    for td in sorted(include_dir.rglob("Passes.td")):
        names = re.findall(r'\bPass<\s*"([^"]+)"', td.read_text())
        count += len(names)
        missing = [n for n in names if "`-%s`" % n not in docs]
        if missing:
            failed = True
            print("%s: no reference for %s: add nnid_add_pass_doc(%s) to %s"
                  % (td.relative_to(root), ", ".join(missing), td.parent.name,
                     (td.parent / "CMakeLists.txt").relative_to(root)))
    if failed:
        return 1
    print("%d passes documented" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
