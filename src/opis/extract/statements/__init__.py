"""Requests, offers, decisions and deliveries in running text: who asked whom for what, when, and the answer."""
