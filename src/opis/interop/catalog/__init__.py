"""Catalogue interchange: spreadsheets (CSV, XLSX) in and out, one row per document."""
