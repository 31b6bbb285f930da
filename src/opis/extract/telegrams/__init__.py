"""Cipher telegram headers: number, places, sent/received/deciphered times, distribution list."""
