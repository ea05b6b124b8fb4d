"""How packets arrive and go through one `process_arrival()`: the command line, the drop folder,
the committee mailbox (IMAP), and the web upload (pipeline/web calls it too)."""
