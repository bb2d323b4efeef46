"""What the portal does to its records: each function one step a person takes, logged.

Views call these; they never update or delete a version, a submission, a decision or a log entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from amendtool.errors import AmendtoolError, Diagnostic
from amendtool.server import bridge
from amendtool.server.models import (
    AmendmentVersion,
    Decision,
    LogEntry,
    Negotiation,
    Participant,
    Round,
    Submission,
)


def log(negotiation: Negotiation | None, actor: str, action: str, detail: str = "") -> None:
    LogEntry.objects.create(negotiation=negotiation, actor=actor, action=action, detail=detail)


def draft_of(round_: Round):  # -> Document
    return bridge.parse_draft_file(bytes(round_.draft), round_.draft_name, round_.digest)


def diagnostic_data(d: Diagnostic) -> dict:
    return {
        "message": d.message, "line": d.line, "column": d.column, "source": d.source_line,
        "hint": d.hint, "severity": d.severity,
    }


def save_version(
    round_: Round, participant: Participant, text: str, source: str, filename: str, actor: str
) -> AmendmentVersion:
    """A new version of the delegation's file, checked against the round's draft."""
    text = text.replace("\r\n", "\n")
    result = bridge.check_one(draft_of(round_), f"{participant.code}.amend", text, participant.code)
    with transaction.atomic():
        last = AmendmentVersion.objects.filter(round=round_, participant=participant).aggregate(n=Max("number"))["n"]
        version = AmendmentVersion.objects.create(
            round=round_, participant=participant, number=(last or 0) + 1, text=text, source=source,
            filename=filename[:200], errors=len(result.errors), warnings=len(result.warnings),
            operations=result.operation_count, diagnostics=[diagnostic_data(d) for d in result.diagnostics],
        )
        log(round_.negotiation, actor, "save",
            f"{participant.code} v{version.number} ({source}): {version.operations} operations, "
            f"{version.errors} errors, {version.warnings} warnings")
    return version


class Refused(Exception):
    """A step that cannot be taken; the message says why, to the person."""


def current_submission(round_: Round, participant: Participant) -> Submission | None:
    """The delegation's file on the table in this round, if any."""
    last = Submission.objects.filter(round=round_, participant=participant).order_by("-id").first()
    if last is None or last.withdrawn:
        return None
    return last


def submit(round_: Round, participant: Participant, version: AmendmentVersion, actor: str) -> Submission:
    if version.round_id != round_.pk or version.participant_id != participant.pk:
        raise Refused("that version is not one of yours in this round")
    if version.errors:
        raise Refused(f"version {version.number} has {version.errors} error(s): fix them, save, then submit")
    if version.operations == 0:
        raise Refused(f"version {version.number} has no operations")
    if round_ != round_.negotiation.current_round:
        raise Refused("this round is closed: the next revision has been published")
    now = timezone.now()
    late = bool(round_.deadline and now > round_.deadline)
    with transaction.atomic():
        submission = Submission.objects.create(
            round=round_, participant=participant, version=version, at=now, late=late)
        log(round_.negotiation, actor, "submit", f"{participant.code} v{version.number}" + (" (late)" if late else ""))
    return submission


def withdraw(round_: Round, participant: Participant, actor: str) -> None:
    current = current_submission(round_, participant)
    if current is None:
        raise Refused("nothing is submitted")
    with transaction.atomic():
        Submission.objects.create(round=round_, participant=participant, version=current.version, withdrawn=True)
        log(round_.negotiation, actor, "withdraw", f"{participant.code} v{current.version.number}")  # type: ignore[union-attr]


def submitted(round_: Round) -> list[Submission]:
    """The submissions on the table in a round, in the order of the delegations."""
    latest: dict[int, Submission] = {}
    for s in Submission.objects.filter(round=round_).select_related("version", "participant").order_by("id"):
        latest[s.participant_id] = s
    return sorted((s for s in latest.values() if not s.withdrawn), key=lambda s: s.participant_id)


def compile_name(index: int, code: str) -> str:
    """The file name a submitted file has in compilations and in the export (ranked by its prefix)."""
    return f"{index:03d}-{code}.amend"


@dataclass(frozen=True)
class RoundCompilation:
    submissions: list[Submission]
    compiled: bridge.Compiled

    @property
    def version_of(self) -> dict[str, AmendmentVersion]:
        return {s.participant.code: s.version for s in self.submissions if s.version is not None}


def compile_round(
    round_: Round, *, anonymous: bool = False, only: list[str] | None = None, changed_only: bool = False
) -> RoundCompilation:
    subs = submitted(round_)
    sources = [(compile_name(k, s.participant.code), s.version.text) for k, s in enumerate(subs, 1)]  # type: ignore[union-attr]
    key = (round_.pk, round_.digest, tuple(s.version_id for s in subs))
    compiled = bridge.compile_round(draft_of(round_), sources, key, anonymous=anonymous, only=only,
                                    changed_only=changed_only)
    return RoundCompilation(subs, compiled)


def accepted_ids(round_: Round, rc: RoundCompilation) -> set[str]:
    """Operation ids the facilitator accepted, for the versions now on the table."""
    versions = {s.version_id for s in rc.submissions}
    state: dict[tuple[int, str], bool] = {}
    for d in Decision.objects.filter(round=round_, version_id__in=versions).order_by("id"):
        state[(d.version_id, d.operation)] = d.accepted
    return {op for (_, op), yes in state.items() if yes}


def decide(round_: Round, rc: RoundCompilation, accepted: set[str], user, actor: str) -> int:
    """Record accept / leave open for every operation on the table whose state changes."""
    before = accepted_ids(round_, rc)
    version_of = rc.version_of
    changes = 0
    with transaction.atomic():
        for f in rc.compiled.files:
            version = version_of[f.by]
            for op in f.operations:
                want = op.id in accepted
                if want != (op.id in before):
                    Decision.objects.create(round=round_, version=version, operation=op.id, accepted=want, by=user)
                    log(round_.negotiation, actor, "accept" if want else "leave open", op.id)
                    changes += 1
    return changes


def preview(round_: Round, rc: RoundCompilation):  # -> Consolidation
    return bridge.next_revision(draft_of(round_), rc.compiled.files, sorted(accepted_ids(round_, rc)))


def revision_name(round_: Round, number: int) -> str:
    stem = round_.negotiation.rounds.get(number=0).draft_name.rsplit(".", 1)[0]
    ext = ".md" if round_.draft_name.endswith(".md") else ".txt"
    return f"{stem}-rev{number}{ext}"


def publish_revision(round_: Round, rc: RoundCompilation, deadline, actor: str) -> Round:
    """The preview becomes the next round's draft (Rev.n); the round it came from is closed."""
    if round_ != round_.negotiation.current_round:
        raise Refused("only the current round can be published")
    try:
        result = preview(round_, rc)
    except AmendtoolError as exc:
        raise Refused("; ".join(d.headline() for d in exc.diagnostics)) from None
    number = round_.number + 1
    with transaction.atomic():
        new = Round.objects.create(
            negotiation=round_.negotiation, number=number, label=f"Rev.{number}",
            draft_name=revision_name(round_, number), draft=result.encoded(), deadline=deadline,
            concordance=bridge.concordance_csv(result),
        )
        log(round_.negotiation, actor, "publish revision",
            f"{new.label} from {round_.label}: {len(result.accepted)} operations applied "
            f"({', '.join(result.accepted) or 'none'}), {len(result.open)} places in brackets")
    return new


def parse_or_refuse(data: bytes, name: str):  # -> Document
    try:
        return bridge.parse_draft_file(data, name)
    except AmendtoolError as exc:
        raise Refused("\n".join(d.format() for d in exc.diagnostics)) from None
