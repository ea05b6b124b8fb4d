"""Sample packets: generator (generate.py) and its committed output (packets/, expected/)."""
