"""Consistency: terms rendered several ways, and pairs missing an approved rendering
(:mod:`~glossary.checks.consistency`)."""
