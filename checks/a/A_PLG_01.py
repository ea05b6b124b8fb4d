"""A-PLG-01: the 市场质量信用承诺书 carries its official commitments (checks/pledges.py)."""

from __future__ import annotations

from checks.pledges import pledge_rule

check = pledge_rule("A-PLG-01", scheme="A", part="承诺书", title="市场质量信用承诺书",
                    official="a",
                    clause="“承诺书”应由申报组织主要负责人签字，并加盖公章；承诺书所列七条承诺")
