"""The klynge commands: each a plain function from parsed arguments to an exit code (cli.py parses)."""
