"""B-PLG-01: the 交通运输企业用户满意经营承诺书 carries its official commitments (checks/pledges.py)."""

from __future__ import annotations

from checks.pledges import pledge_rule

check = pledge_rule("B-PLG-01", scheme="B", part="经营承诺书", title="交通运输企业用户满意经营承诺书",
                    official="b_business",
                    clause="交通运输企业用户满意经营承诺书：一、自愿贯彻实施《顾客满意度测量和评价准则》……九、以打造用户满意企业为目标；申请单位加盖公章")
