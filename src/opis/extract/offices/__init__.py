"""Offices named instead of people ("the Soviet ambassador") and who held them on a day."""
