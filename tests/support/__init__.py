"""Helpers shared by the tests and the benchmarks: paths, generated answers, invariants, servers, browsers.
Benchmarks run as modules from the repository root (`python -m benchmarks.sweep`), which puts this package
on the import path with no edit of sys.path."""
