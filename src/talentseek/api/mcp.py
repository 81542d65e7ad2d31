"""MCP server: TalentSeek's search and match as tools for MCP clients (Claude Desktop, Dify, Cursor…).

Run with `talentseek mcp` (stdio) or `talentseek mcp --transport sse`. It runs on the operator's machine
with the operator's data, so it acts as an operator, but contact data is always masked in what it returns.
Needs the `mcp` extra: pip install 'talentseek[mcp]'.
"""

from __future__ import annotations

import json
from typing import Any

from talentseek.assistant.safety import mask_contacts
from talentseek.domain import Role, to_dict
from talentseek.engine import Engine
from talentseek.errors import MissingDependency, TalentSeekError


def _safe(obj: Any) -> dict[str, Any]:
    """JSON-ready, with every phone number and email masked, and errors as a message instead of a crash."""
    data = to_dict(obj)
    for key in ("phone", "email"):
        _drop(data, key)
    masked: dict[str, Any] = json.loads(mask_contacts(json.dumps(data, ensure_ascii=False)))
    return masked


def _drop(data: Any, key: str) -> None:
    if isinstance(data, dict):
        data.pop(key, None)
        for v in data.values():
            _drop(v, key)
    elif isinstance(data, list):
        for v in data:
            _drop(v, key)


def tool_functions(engine: Engine) -> dict[str, Any]:
    """The MCP tools as plain functions (testable without the mcp package)."""
    from talentseek.search.base import SearchRequest, SystemViewer

    def search_jobs(query: str, k: int = 10) -> dict[str, Any]:
        """搜索职位：自然语言查询，如“济南 3年 Java 1万以上 双休”。"""
        try:
            return _safe(engine.search.search_jobs(SearchRequest(query=query[:500], k=max(1, min(k, 50)))))
        except TalentSeekError as err:
            return {"error": str(err)}

    def search_candidates(query: str, k: int = 10) -> dict[str, Any]:
        """搜索候选人（联系方式已脱敏）。"""
        try:
            req = SearchRequest(query=query[:500], k=max(1, min(k, 50)))
            return _safe(engine.search.search_candidates(req, SystemViewer()))
        except TalentSeekError as err:
            return {"error": str(err)}

    def match_candidates_for_job(job_id: int, k: int = 10) -> dict[str, Any]:
        """为职位推荐候选人，附匹配理由（联系方式已脱敏）。"""
        from talentseek.match.service import Criteria
        from talentseek.match.usecases import Viewer, candidates_for_job

        try:
            with engine.db.session() as db:
                return _safe(
                    candidates_for_job(db, Viewer(Role.OPERATOR), job_id, Criteria(), k=max(1, min(k, 50)))
                )
        except TalentSeekError as err:
            return {"error": str(err)}

    return {f.__name__: f for f in (search_jobs, search_candidates, match_candidates_for_job)}


def build_server(engine: Engine) -> Any:
    try:
        from mcp.server.mcpserver import MCPServer
    except ImportError:
        raise MissingDependency("MCP 服务器", "pip install 'talentseek[mcp]'") from None
    server = MCPServer("talentseek", instructions="深度求才：职位/人才搜索与匹配。联系方式始终脱敏。")
    for fn in tool_functions(engine).values():
        server.tool()(fn)
    return server


def run_mcp(transport: str = "stdio") -> None:
    if transport not in ("stdio", "sse", "streamable-http"):
        raise TalentSeekError("transport 只能是 stdio、sse 或 streamable-http")
    build_server(Engine()).run(transport)
