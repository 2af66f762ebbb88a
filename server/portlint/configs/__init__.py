"""One parser per config kind: a file's text in, facts and problems out. Parsed, never executed."""
