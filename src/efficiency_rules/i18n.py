"""The few fixed words of the interface, in simplified Chinese (the users' script) and English."""

from __future__ import annotations

SEVERITY = {
    "zh": {"error": "错误", "warning": "警告", "suggestion": "建议"},
    "en": {"error": "error", "warning": "warning", "suggestion": "suggestion"},
}
WORDS = {
    "zh": {
        "basis": "依据", "word": "用语", "suggest": "建议", "waived": "已豁免", "by": "批准",
        "summary": "共检查 {subjects} 项,{error} 个错误,{warning} 个警告,{suggestion} 条建议,{waived} 项已豁免,{errors} 处输入无法读取",
        "unreadable": "无法读取", "checklist": "发文前请自查(程序无法判断)",
        "checklist_meetings": "报批前请自查(程序无法判断)",
        "ok": "未发现问题", "related": "相关",
    },
    "en": {
        "basis": "clause", "word": "word", "suggest": "suggestion", "waived": "waived", "by": "approved by",
        "summary": "{subjects} checked: {error} errors, {warning} warnings, {suggestion} suggestions, {waived} waived, {errors} input problems",
        "unreadable": "cannot read", "checklist": "Before issuing, confirm (no program can check this)",
        "checklist_meetings": "Before asking for approval, confirm (no program can check this)",
        "ok": "no problems found", "related": "related",
    },
}

# Norms no program can check, shown as a checklist after the findings (NORMS.md: attestation).
ATTESTATIONS = {
    "documents": {
        "zh": ("DOC-8", "能通过电话、传真等方式解决问题的,不印发文件:本文件是否确需印发?"),
        "en": ("DOC-8", "Could a phone call or fax settle this instead of a document?"),
    },
    "meetings": {
        "zh": ("MTG-11", "能以文电、电话方式部署或可以新闻媒体通告的,不再召开会议:本会议是否确需召开?"),
        "en": ("MTG-11", "Could a circular, a phone call or the media do instead of this meeting?"),
    },
}


def word(lang: str, key: str) -> str:
    return WORDS.get(lang, WORDS["zh"])[key]


def severity(lang: str, level: str) -> str:
    return SEVERITY.get(lang, SEVERITY["zh"])[level]


def pad(text: str, width: int) -> str:
    """Left-justify to `width` terminal columns (a Han character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


# The approving bodies of DESIGN.md's `approvals[].by`, as the users say them.
APPROVERS = {
    "zh": {"prefecture_standing_committee": "州委常委会", "prefecture_executive_meeting": "州政府常务会议",
           "prefecture_party_secretary": "州委书记", "prefect": "州长",
           "prefecture_committee": "州委", "prefecture_government": "州政府"},
    "en": {"prefecture_standing_committee": "the prefecture party standing committee",
           "prefecture_executive_meeting": "the prefecture government executive meeting",
           "prefecture_party_secretary": "the prefecture party secretary", "prefect": "the prefect",
           "prefecture_committee": "the prefecture party committee",
           "prefecture_government": "the prefecture government"},
}


def approver(lang: str, code: str) -> str:
    return APPROVERS.get(lang, APPROVERS["zh"]).get(code, code)
