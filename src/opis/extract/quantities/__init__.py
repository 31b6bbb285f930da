"""Quantities: sums of money, masses, counted things, and the exchange rates they imply."""
