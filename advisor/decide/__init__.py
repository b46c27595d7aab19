"""Decisions: the engine, the vectorised ranking, tipping points, uncertainty, cost and time, and the analysis."""
