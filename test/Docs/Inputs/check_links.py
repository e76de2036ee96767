"""Checks the relative links of nnid's markdown documentation.

Usage: check_links.py SOURCE_ROOT FILE.md...

Every relative link [text](target) outside code blocks must name a file or
directory that exists, and a `#fragment` must name a heading of the target
(GitHub's anchors: lower case, punctuation dropped, spaces as hyphens).
Prints each broken link, or how many links were checked.
"""

import pathlib
import re
import sys

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def strip_code(text):
    """The text without fenced code blocks, indented code and code spans."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    text = re.sub(r"^(    |\t).*$", "", text, flags=re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(path):
    """The anchors GitHub gives the headings of `path`."""
    text = re.sub(r"^```.*?^```", "", path.read_text(), flags=re.S | re.M)
    seen, result = {}, set()
    for heading in re.findall(r"^#{1,6}\s+(.*?)\s*#*\s*$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else "%s-%d" % (slug, count))
    return result


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    broken, count = [], 0
    for name in sys.argv[2:]:
        path = pathlib.Path(name).resolve()
        for target in LINK.findall(strip_code(path.read_text())):
            if re.match(r"[a-z]+:", target):
                continue
            count += 1
            file, _, fragment = target.partition("#")
            dest = (path.parent / file).resolve() if file else path
            where = "%s: (%s)" % (path.relative_to(root), target)
            if not dest.exists():
                broken.append(where + ": no such file")
            elif fragment and dest.suffix == ".md" and \
                    fragment not in anchors(dest):
                broken.append(where + ": no such heading")
    for line in broken:
        print(line)
    if broken:
        return 1
    print("%d links checked" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
