"""What pyproject.toml cannot say: the pb core's compiled parts, a scan of a Pabulib VOTES section, the MES counts
and Phragmén's per-voter work. They are optional: where no C compiler is found the installation goes on, and
the same work is done in Python and numpy, slower (docs/decisions/0008-compiled-pb-counts-for-a-fast-start.md)."""

from setuptools import Extension, setup

PB = "src/madina/pb/"

setup(ext_modules=[
    Extension("madina.pb._votes", [PB + "_votes.c"], optional=True),
    Extension("madina.pb._equal_shares", [PB + f"_equal_shares{part}.c" for part in ("_groups", "", "_cardinal")],
              depends=[PB + "_equal_shares.h"], optional=True),
    Extension("madina.pb._phragmen", [PB + "_phragmen.c"], optional=True),
])
