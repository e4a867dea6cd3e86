"""Detectors: one module per family of problems, each independent of the others."""
