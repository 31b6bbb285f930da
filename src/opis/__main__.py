"""`python -m opis` runs the opis command."""

from opis.cli import main

main()
