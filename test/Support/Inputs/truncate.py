"""Copies IN[:END] to OUT, as Python slices it: END = 5 keeps the first five
bytes, END = -10 drops the last ten.

Usage: truncate.py IN OUT END
"""

import sys

with open(sys.argv[1], "rb") as f:
    contents = f.read()
with open(sys.argv[2], "wb") as f:
    f.write(contents[:int(sys.argv[3])])
