"""Foreign Relations of the United States in TEI: documents, source notes, glossaries of persons."""
