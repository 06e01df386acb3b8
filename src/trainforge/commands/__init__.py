"""One module per CLI command; ``trainforge.cli`` only parses arguments and maps errors."""
