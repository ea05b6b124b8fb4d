"""What is remembered between checks: the database (applicants, packets, receipts, results,
users), reviewers' waivers and the deficiency history a resubmission is compared with."""
