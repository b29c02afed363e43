"""The audit trail: who changed consent, imported, replaced or removed what, and when.

Every service that makes such a change writes one entry in the same transaction, so the
trail and the change cannot disagree.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ebcd_app.domain.models import AuditEntry


def audit(session: Session, action: str, target: str = "", actor: str = "",
          **detail: object) -> None:
    session.add(AuditEntry(action=action, target=target, actor=actor, detail=dict(detail)))
