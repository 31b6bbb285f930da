"""OCR with Tesseract: word boxes with confidence, page images read by the layout rules."""
