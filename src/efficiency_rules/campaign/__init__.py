"""The campaign register and its norms (NORMS.md CMP-1 to CMP-5).

`run_campaign` checks a submission's `campaign/` folder; `phases` is the CMP-1 calendar."""

from .calendar import Phase, campaign_end, campaign_start, phase_on, phases
from .command import campaign_records, period_of, run_campaign
from .load import Register, campaign_folder, load_register
from .records import CampaignRecord, Period

__all__ = [
    "CampaignRecord", "Period", "Phase", "Register", "campaign_end", "campaign_folder",
    "campaign_records", "campaign_start", "load_register", "period_of", "phase_on", "phases",
    "run_campaign",
]
