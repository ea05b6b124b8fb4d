"""Intake: every received byte stored by SHA-256, archives unpacked safely, types sniffed by
content, legacy word-processor files converted by LibreOffice in a sandbox."""
