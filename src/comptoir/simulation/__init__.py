"""Simulation: the generated demo world and a trade simulator (an entry point: nothing imports it)."""
