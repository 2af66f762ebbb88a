"""The pure analysis core: configs and a snapshot of listeners in, findings out. No I/O, no pygls."""
