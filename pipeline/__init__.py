"""yushen (预审): pre-review of application packets. Library code; no Prefect here."""
