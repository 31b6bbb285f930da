"""PDF: the text layer read by page layout (body, notes at the page foot, furniture), and pages rendered for OCR."""
