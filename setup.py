"""The one thing pyproject.toml cannot say: the pb reader's compiled scan of a VOTES section. It is optional: where
no C compiler is found the installation goes on, and the reader does the same work in Python, slower
(docs/decisions/0008-a-c-scan-for-pabulib-votes.md)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension(f"madina.pb.{name}", [f"src/madina/pb/{name}.c"], optional=True)
                  for name in ("_votes", "_equal_shares")])
