"""Identity: organisations, users, roles, partner accreditation and delegation, API keys, audit log."""
