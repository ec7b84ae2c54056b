"""Read: corpus files (.txt in any common encoding, .docx) into categories and numbered items."""
