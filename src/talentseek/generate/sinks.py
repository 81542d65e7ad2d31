"""Where generated records go: the database (bulk Core inserts with explicit ids) or JSONL files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from talentseek import domain
from talentseek.errors import InputError
from talentseek.generate.people import Person
from talentseek.store import models as m
from talentseek.store.convert import candidate_values, job_values, utcnow
from talentseek.store.db import Database

JobItem = tuple[int, str, domain.Job, int, dict[str, Any]]  # (job number, ext id, job, company index, raw)
PersonItem = tuple[int, str, Person]
Event = tuple[int, int, str, str, Any]


class DbSink:
    """Bulk inserts, one transaction per chunk; ids are assigned here so no read-back is needed."""

    def __init__(self, db: Database, seed: int) -> None:
        self.db = db
        with db.engine.connect() as c:
            if c.scalar(sa.select(m.Job.id).where(m.Job.external_id == f"gen{seed}-j0")) is not None:
                raise InputError(
                    f"这个数据目录里已经有 --seed {seed} 生成的数据："
                    "请换一个 --seed，或用 --home 指定新的目录"
                )
            self.company0, self.job0, self.cand0 = (
                int(c.scalar(sa.select(sa.func.coalesce(sa.func.max(t.id), 0))) or 0) + 1
                for t in (m.Company, m.Job, m.Candidate)
            )

    def companies(self, rows: list[dict[str, Any]]) -> None:
        with self.db.engine.begin() as c:
            c.execute(sa.insert(m.Company), rows)

    def jobs(self, items: list[JobItem], company0: int) -> None:
        now = utcnow()
        rows, skills, queue = [], [], []
        for i, ext, job, ci, raw in items:
            jid = self.job0 + i
            vals = job_values(job, ext, company0 + ci, source="generated", raw_salary=raw["salary"])
            vals["id"] = jid
            rows.append(vals)
            skills += [{"job_id": jid, "skill": s} for s in dict.fromkeys(job.skills)]
            queue.append({"kind": "job", "entity_id": jid, "op": "upsert", "created_at": now})
        with self.db.engine.begin() as c:
            c.execute(sa.insert(m.Job), rows)
            if skills:
                c.execute(sa.insert(m.JobSkill), skills)
            c.execute(sa.insert(m.IndexQueue), queue)

    def people(self, items: list[PersonItem]) -> None:
        now = utcnow()
        rows, cities, skills, queue = [], [], [], []
        for i, ext, p in items:
            cid = self.cand0 + i
            vals = candidate_values(
                p.resume, region=p.region, resume_text=p.text, occupation_code=p.occupation_code
            )
            rows.append(
                {**vals, "id": cid, "external_id": ext, "open_to_pool": p.open_to_pool, "created_at": now}
            )
            cities += [
                {"candidate_id": cid, "city": r.city, "province": r.province} for r in p.intent_regions
            ]
            skills += [{"candidate_id": cid, "skill": s} for s in dict.fromkeys(p.resume.skills)]
            queue.append({"kind": "candidate", "entity_id": cid, "op": "upsert", "created_at": now})
        with self.db.engine.begin() as c:
            c.execute(sa.insert(m.Candidate), rows)
            c.execute(sa.insert(m.CandidateIntentCity), cities)
            if skills:
                c.execute(sa.insert(m.CandidateSkill), skills)
            c.execute(sa.insert(m.IndexQueue), queue)

    def events(self, events: list[Event]) -> None:
        rows = [
            {
                "candidate_id": self.cand0 + ci,
                "job_id": self.job0 + jj,
                "kind": k,
                "initiated_by": who,
                "at": at,
            }
            for ci, jj, k, who, at in events
        ]
        if rows:
            with self.db.engine.begin() as c:
                c.execute(sa.insert(m.Interaction), rows)

    def close(self) -> None:
        """PostgreSQL: move the id sequences past the explicit ids we inserted."""
        if self.db.engine.dialect.name != "postgresql":
            return
        with self.db.engine.begin() as c:
            for t in ("companies", "jobs", "candidates"):
                c.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {t}), false)"
                    )
                )


class JsonlSink:
    """Files: jobs.jsonl (source-style records for the importer), candidates.jsonl, interactions.jsonl."""

    def __init__(self, out: Path, seed: int) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.seed = out, seed
        self.company0 = self.job0 = self.cand0 = 1
        self._files: dict[str, IO[str]] = {}

    def _f(self, name: str) -> IO[str]:
        if name not in self._files:
            self._files[name] = (self.out / name).open("w", encoding="utf-8")
        return self._files[name]

    def _write(self, name: str, objs: list[dict[str, Any]]) -> None:
        self._f(name).write("".join(json.dumps(o, ensure_ascii=False, default=str) + "\n" for o in objs))

    def companies(self, rows: list[dict[str, Any]]) -> None:
        self._write(
            "companies.jsonl", [{k: v for k, v in r.items() if k not in ("id", "created_at")} for r in rows]
        )

    def jobs(self, items: list[JobItem], company0: int) -> None:
        self._write("jobs.jsonl", [raw for *_, raw in items])

    def people(self, items: list[PersonItem]) -> None:
        self._write(
            "candidates.jsonl",
            [{"external_id": ext, **domain.to_dict(p.resume), "resume_text": p.text} for _, ext, p in items],
        )

    def events(self, events: list[Event]) -> None:
        s = self.seed
        self._write(
            "interactions.jsonl",
            [
                {
                    "candidate": f"gen{s}-c{ci}",
                    "job": f"gen{s}-j{jj}",
                    "kind": k,
                    "initiated_by": who,
                    "at": at,
                }
                for ci, jj, k, who, at in events
            ],
        )

    def close(self) -> None:
        for f in self._files.values():
            f.close()
