"""Errors a user can act on. Each message says what went wrong and what to do next."""

from __future__ import annotations


class TalentSeekError(Exception):
    """Base class: the CLI prints `str(err)` on one line and exits non-zero; the API maps to 4xx."""

    status_code = 400


class InputError(TalentSeekError):
    """Bad input: names the file/row/field and the reason."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason, self.file, self.row, self.field = reason, file, row, field
        parts = (file and f"文件 {file}", row is not None and f"第 {row} 行", field and f"字段 {field}")
        where = ", ".join(p for p in parts if p)
        super().__init__(f"{where}: {reason}" if where else reason)


class Unprocessable(InputError):
    """Well-formed input whose value cannot be used (an unknown stage, an unreadable file): HTTP 422."""

    status_code = 422


class NotFound(TalentSeekError):
    status_code = 404


class Forbidden(TalentSeekError):
    status_code = 403


class Unauthorized(TalentSeekError):
    status_code = 401


class Conflict(TalentSeekError):
    """The request clashes with the record's state (a withdrawn application moved again, a taken name)."""

    status_code = 409


class TooLarge(TalentSeekError):
    """An upload over its size limit (HTTP 413)."""

    status_code = 413


class UnsupportedType(TalentSeekError):
    """An upload of a file type we do not read (HTTP 415)."""

    status_code = 415


class MissingDependency(TalentSeekError):
    """A backend's optional package is not installed; the message carries the install command."""

    status_code = 503

    def __init__(self, feature: str, install: str) -> None:
        super().__init__(f"{feature} 需要额外安装依赖：{install}")
        self.install = install


class Busy(TalentSeekError):
    """A bounded queue is full: retry after `retry_after` seconds (HTTP 429)."""

    status_code = 429

    def __init__(self, message: str, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after
