"""The check itself, a pure function: read every document, classify, run the rules, give each
deficiency its id. No database, no Prefect, no web page."""
