"""B-PLG-02: the 交通运输企业用户满意等级评价申报承诺书 carries its official commitments (checks/pledges.py)."""

from __future__ import annotations

from checks.pledges import pledge_rule

check = pledge_rule("B-PLG-02", scheme="B", part="申报承诺书", title="交通运输企业用户满意等级评价申报承诺书",
                    official="b_apply",
                    clause="交通运输企业用户满意等级评价申报承诺书：一、本单位自愿申请用户满意等级评价工作……六、自愿接受结果公示；"
                           "申请单位法人代表或主要负责人签字并加盖公章", signed=True)
