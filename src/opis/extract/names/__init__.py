"""Names in running text linked to authority records, and Russian named-entity tagging."""
