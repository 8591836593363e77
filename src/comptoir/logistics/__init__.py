"""Logistics: the hub-and-schedule network and the delivery promise engine."""
