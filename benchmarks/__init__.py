"""Speed and behaviour measured, printed: each module runs from the repository root as
`python -m benchmarks.<name>`, which makes `advisor` and the shared test helpers (`tests.support`) importable."""
