"""The glue behind each CLI command: inputs → records → rules → a RunResult."""
