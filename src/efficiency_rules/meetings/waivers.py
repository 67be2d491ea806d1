"""Approvals that claim to waive what they cannot (NORMS.md, "Modality").

An approval with `covers: [norm ids]` waives a finding of a waivable norm; the engine applies
that. The approval requirements (MTG-4, MTG-5) are satisfied by the right approval, not waived;
MTG-2, MTG-6 and MTG-12 are absolute. An approval on a meeting plan whose `covers` names such a
norm, a norm of another area, or no norm at all is itself reported, so a waiver is never taken
on trust. Which norms are waivable is read from the catalogue (rules/norms.yaml), not restated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..findings import Finding, Subject

RULE_ID = "approval-covers"


def _reason(norm_id: str, norm: Mapping[str, Any] | None) -> tuple[str, str] | None:
    if norm is None:
        return "不是规范目录(NORMS.md)中的编号", "is not a norm of NORMS.md"
    if norm.get("area") != "meetings":
        return "不是会议方面的规范,不能由会议计划的批文豁免", "is not a meeting norm; a meeting approval cannot waive it"
    if not norm.get("waivable"):
        if norm_id in ("MTG-4", "MTG-5"):
            return "是审批要求本身,由相应批准满足,不能豁免", "is an approval requirement: satisfied by the right approval, never waived"
        return "属刚性规定,不可豁免", "is absolute and cannot be waived"
    return None


def check_covers(record: Mapping[str, Any], subject: Subject, catalogue: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    """A finding for each norm id in an approval's `covers` that this approval cannot waive."""
    out: list[Finding] = []
    for index, approval in enumerate(record.get("approvals") or ()):
        for norm_id in approval.get("covers") or ():
            norm = catalogue.get(str(norm_id))
            reason = _reason(str(norm_id), norm)
            if reason is None:
                continue
            ref = approval.get("ref") or approval.get("by") or "?"
            out.append(Finding(
                norm=str(norm_id) if norm is not None else "APPROVAL", rule=RULE_ID, severity="warning",
                subject=subject,
                messages={"zh": f"批文 {ref} 声称豁免 {norm_id},但 {norm_id} {reason[0]}",
                          "en": f"approval {ref} claims to waive {norm_id}, which {reason[1]}"},
                values={"covers": str(norm_id), "ref": str(ref), "by": str(approval.get("by")),
                        "field": f"approvals[{index}].covers"},
            ))
    return out
