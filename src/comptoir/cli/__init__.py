"""The command-line entry point: assembles every capability's commands."""
