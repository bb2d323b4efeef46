"""The whole negotiation as one zip: every round's draft, every version of every amendment file, the
files on the table in the order compiled, the facilitator's decisions, published compilations, the
concordances of the revisions and the log; with a README that tells how the CLI compiles it again.

Layout (``N`` the round number, ``CODE`` a delegation)::

    negotiation.json
    README.txt
    log.json
    round-N/draft/<draft file>
    round-N/versions/CODE/vK.amend          every version, K = 1, 2 ...
    round-N/submitted/NNN-CODE.amend        on the table, named as compiled (the prefix ranks them)
    round-N/decisions.json
    round-N/concordance.csv                 from the previous round (rounds after the first)
    round-N/published/compilation-P.html, .json
"""

from __future__ import annotations

import json

from amendtool.server import actions, bridge
from amendtool.server.models import AmendmentVersion, Decision, LogEntry, Negotiation, Publication


def _round_entries(round_) -> tuple[list[tuple[str, bytes]], list[str]]:
    base = f"round-{round_.number}"
    entries: list[tuple[str, bytes]] = [(f"{base}/draft/{round_.draft_name}", bytes(round_.draft))]
    versions = AmendmentVersion.objects.filter(round=round_).select_related("participant").order_by(
        "participant_id", "number")
    for v in versions:
        entries.append((f"{base}/versions/{v.participant.code}/v{v.number}.amend", v.text.encode("utf-8")))
    names = []
    for k, s in enumerate(actions.submitted(round_), 1):
        name = actions.compile_name(k, s.participant.code)
        names.append(name)
        entries.append((f"{base}/submitted/{name}", s.version.text.encode("utf-8")))  # type: ignore[union-attr]
    decisions = [
        {"at": d.at.isoformat(), "delegation": d.version.participant.code, "version": d.version.number,
         "operation": d.operation, "accepted": d.accepted, "by": d.by.get_username()}
        for d in Decision.objects.filter(round=round_).select_related("version__participant", "by").order_by("id")
    ]
    entries.append((f"{base}/decisions.json", _json(decisions)))
    if round_.concordance:
        entries.append((f"{base}/concordance.csv", round_.concordance.encode("utf-8")))
    for p in Publication.objects.filter(round=round_).order_by("id"):
        entries.append((f"{base}/published/compilation-{p.pk}.html", p.html.encode("utf-8")))
        entries.append((f"{base}/published/compilation-{p.pk}.json", p.data.encode("utf-8")))
    return entries, names


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def export_zip(negotiation: Negotiation) -> bytes:
    entries: list[tuple[str, bytes]] = []
    rounds = []
    readme = [
        f"{negotiation.title}: exported from the amendtool portal.",
        "",
        "Compile a round again with the CLI (the same result as the portal's compilation):",
        "",
    ]
    for round_ in negotiation.rounds.order_by("number"):
        round_entries, names = _round_entries(round_)
        entries.extend(round_entries)
        base = f"round-{round_.number}"
        flags = " --anonymous" if negotiation.anonymous else ""
        command = (f"amendtool compile {base}/draft/{round_.draft_name} "
                   + " ".join(f"{base}/submitted/{n}" for n in names) + f"{flags} -o {base}-compilation.html")
        readme.append(f"  {round_.label}: {command if names else '(no files submitted)'}")
        rounds.append({
            "number": round_.number, "label": round_.label, "draft": round_.draft_name,
            "deadline": round_.deadline.isoformat() if round_.deadline else None,
            "created_at": round_.created_at.isoformat(), "submitted": names,
        })
    manifest = {
        "title": negotiation.title,
        "anonymous": negotiation.anonymous,
        "created_at": negotiation.created_at.isoformat(),
        "participants": [{"code": p.code, "name": p.name, "kind": p.kind} for p in negotiation.participants.all()],
        "rounds": rounds,
    }
    log = [
        {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "detail": e.detail}
        for e in LogEntry.objects.filter(negotiation=negotiation).order_by("id")
    ]
    head = [("negotiation.json", _json(manifest)), ("README.txt", ("\n".join(readme) + "\n").encode("utf-8")),
            ("log.json", _json(log))]
    return bridge.as_zip(head + entries)
