"""What the portal stores: negotiations, their rounds (the zero draft, Rev.1 ...), the participants
(delegations, observers), sign-in links, every version of every amendment file, submissions,
the facilitator's decisions, publications and the append-only log.

Nothing a participant wrote is ever overwritten: a save is a new ``AmendmentVersion``, a submission
or a withdrawal a new ``Submission`` row, a decision a new ``Decision`` row; the newest row counts.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

LINK_DAYS = 30
"""How long an unused sign-in link stays valid."""


class Negotiation(models.Model):
    """One negotiation: a text negotiated in rounds by delegations."""

    title = models.CharField(max_length=300)
    anonymous = models.BooleanField(default=False, help_text="Compilations hide who proposed what.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.title

    @property
    def current_round(self) -> Round:
        return self.rounds.order_by("-number").first()  # type: ignore[return-value]


class Round(models.Model):
    """A text on the table (round 0 the zero draft, round n Rev.n) and the amendments made to it."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=100)
    draft_name = models.CharField(max_length=200, help_text="File name of the draft (.txt, .md, .docx).")
    draft = models.BinaryField()
    deadline = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    concordance = models.TextField(blank=True, help_text="CSV: the previous round's paragraphs -> this one's.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["negotiation", "number"], name="round_number_unique")]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.negotiation.title}: {self.label}"

    @property
    def digest(self) -> str:
        return hashlib.sha256(bytes(self.draft)).hexdigest()


class Participant(models.Model):
    """A delegation (proposes under its code) or an observer (reads what is published)."""

    DELEGATION = "delegation"
    OBSERVER = "observer"
    KINDS = [(DELEGATION, "delegation"), (OBSERVER, "observer")]

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=20, choices=KINDS, default=DELEGATION)
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["negotiation", "code"], name="participant_code_unique")]
        ordering = ["id"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_delegation(self) -> bool:
        return self.kind == self.DELEGATION


class SignInLink(models.Model):
    """A single-use sign-in link. Only the SHA-256 of its token is stored."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, participant: Participant) -> tuple[SignInLink, str]:
        """A new link and its token (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            participant=participant, token_hash=cls.hash(token), expires_at=timezone.now() + timedelta(days=LINK_DAYS)
        )
        return link, token

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AmendmentVersion(models.Model):
    """One saved version of a delegation's amendment file, with what ``check`` found in it."""

    EDITOR = "editor"
    UPLOAD = "upload"
    PROPOSE = "propose"
    SOURCES = [(EDITOR, "written in the browser"), (UPLOAD, "uploaded"), (PROPOSE, "proposed from an edited copy")]

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="versions")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    source = models.CharField(max_length=20, choices=SOURCES, default=EDITOR)
    filename = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    operations = models.PositiveIntegerField(default=0)
    diagnostics = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "participant", "number"], name="version_number_unique")
        ]
        ordering = ["number"]

    @property
    def file_name(self) -> str:
        """What diagnostics, compilations and the export call this file."""
        return f"{self.participant.code}.amend"


class Submission(models.Model):
    """A version submitted (or, with ``withdrawn``, the submission taken back). The newest row of a
    delegation in a round says what it has on the table."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="submissions")
    version = models.ForeignKey(AmendmentVersion, on_delete=models.PROTECT, null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]


class Decision(models.Model):
    """The facilitator's decision on one operation of a submitted version: accept, or leave open."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(AmendmentVersion, on_delete=models.PROTECT)
    operation = models.CharField(max_length=60)
    accepted = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]


class Publication(models.Model):
    """A compilation the facilitator published (delegations and observers read it)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="publications")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    html = models.TextField()
    data = models.TextField(help_text="The compilation as JSON.")
    files = models.JSONField(default=list, help_text="Version ids compiled, in order.")

    class Meta:
        ordering = ["id"]


class LogEntry(models.Model):
    """Who did what and when. Append-only: rows are never changed or deleted (the database refuses)."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.PROTECT, null=True, blank=True, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=60)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the log is append-only")
