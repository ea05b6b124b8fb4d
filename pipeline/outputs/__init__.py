"""What a check result becomes for people: JSON, the HTML report, the DOCX notice, the XLSX
summary and the evidence crops."""
