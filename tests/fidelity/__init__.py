"""Fidelity tests: the real Flask, firebase-tools and Angular dev server bind the port portlint resolved."""
