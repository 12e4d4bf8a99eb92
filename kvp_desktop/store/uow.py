"""Unit of work: one transaction per caseworker action; rollback unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """``with UnitOfWork(db.sessions) as uow: ...; uow.commit()`` — nothing is kept otherwise."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork brukt utenfor with-blokk")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._sessions()
        return self

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None


class ReadUnitOfWork(UnitOfWork):
    """``with ReadUnitOfWork(db.read_sessions) as uow: ...`` — reads only; it cannot commit.

    On a server each statement runs on its own (autocommit), so several reads in one unit of work are
    not one snapshot: use it where the view reads what it shows, not where a decision rests on reading
    several rows consistently (that belongs in an ordinary unit of work, with its transaction).
    """

    def commit(self) -> None:
        raise RuntimeError("ReadUnitOfWork kan ikke lagre endringer")

    def __enter__(self) -> ReadUnitOfWork:
        super().__enter__()

        def refuse_flush(session: Session, _context: object, _instances: object) -> None:
            if session.new or session.dirty or session.deleted:
                raise RuntimeError("ReadUnitOfWork kan ikke lagre endringer")

        from sqlalchemy import event

        event.listen(self.session, "before_flush", refuse_flush)
        return self
