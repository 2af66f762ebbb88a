"""Renderers for the command line: text, JSON and SARIF."""
