"""The web entry point: assembles every capability's API and pages into one app."""
