"""The `minutebook` command line: `main.py` dispatches, `commands/` holds one module per subcommand."""
