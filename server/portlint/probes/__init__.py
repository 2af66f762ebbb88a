"""The only contact with the operating system: listeners and their owners, files, bind tests."""
