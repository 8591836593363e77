"""What tests share that is not a fixture: local stand-ins for the outside systems Comptoir talks to."""
