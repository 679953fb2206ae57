"""The audit verbs the governance services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    BODY_CREATED = "body.created", _("Body created")
    MEMBER_ADDED = "body.member_added", _("Member added to a body")
    MEMBER_REMOVED = "body.member_removed", _("Member left a body")
    PROPOSAL_CREATED = "proposal.created", _("Proposal written")
    POSITION_TAKEN = "proposal.position", _("Position taken on a proposal")
    OBJECTION_ANSWERED = "proposal.objection_answered", _("Objection answered")
    PROPOSAL_CLOSED = "proposal.closed", _("Proposal closed and counted")
    PROPOSAL_DECIDED = "proposal.decided", _("Proposal decided after advice")
    OUTCOME_PUBLISHED = "proposal.published", _("Decision published")
    CHANGE_APPLIED = "decision_change.applied", _("Decided change applied")
    CHANGE_FAILED = "decision_change.failed", _("Decided change could not be applied")
    MEETING_CREATED = "meeting.created", _("Meeting scheduled")
    MEETING_CONVENED = "meeting.convened", _("Meeting convocation sent")
    ATTENDANCE_RECORDED = "meeting.attendance", _("Attendance or proxy recorded")
    MINUTES_PUBLISHED = "meeting.minutes", _("Minutes published")
