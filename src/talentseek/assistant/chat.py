"""The recruitment assistant: route a turn to a tool, run it, answer from its results with citations.

Routing: follow-ups refine the last call; else the model picks a tool (schema-constrained JSON), and a
malformed pick falls back to keyword rules. Answers may cite only ids the tools returned ([J12]/[C3]);
contact data is masked; resume/JD text and tool results reach the model as quoted data, never as
instructions. Without a model the assistant still works, answering from a template.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

import talentseek.assistant.refine as rf
from talentseek.assistant.jd_helper import check_jd
from talentseek.assistant.safety import asks_for_contact, check_citations, cited, mask_contacts, safe_cut
from talentseek.assistant.tools import Filters, Tool, ToolResult, city_in
from talentseek.domain import Role
from talentseek.errors import Forbidden, InputError, NotFound
from talentseek.llm.base import LLM, Message, clean_text
from talentseek.llm.structured import DATA_RULE, QueryFields, generate_structured, ground_query, quote_data
from talentseek.search.base import Side
from talentseek.search.query import parse_query
from talentseek.usecases.shapes import salary_display

MAX_MESSAGE_CHARS = 4000
ANSWER_TOKENS = 1024  # R1-style models spend part of it reasoning in <think>
HISTORY_TURNS = 6
_JOB_ID = re.compile(r"(?:职位|岗位|job)\s*#?\s*(\d+)", re.I)
# how people ask the assistant (帮我 / 推荐 ...), not what they ask for; 推荐算法 is a job
_ASKING = re.compile(r"帮我|给我|我想|想找|找一?下|搜一?下|推荐(?!算法|系统|引擎)")


class ToolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keywords: list[str] = []
    city: str | None = None
    salary_min: int | None = None
    min_years: float | None = None


class ToolCall(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tool: Literal[
        "search_jobs", "search_candidates", "match_jobs", "match_candidates", "market_stats", "none"
    ]
    arguments: ToolArgs = ToolArgs()


@dataclass
class Conversation:
    id: str
    user_id: int
    role: Role
    history: list[Message] = field(default_factory=list)
    last: ToolResult | None = None


@dataclass(frozen=True)
class Reply:
    conversation_id: str
    answer: str
    tool: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    removed_citations: list[str] = field(default_factory=list)
    refused: bool = False
    reasoning: str = ""
    route: str = "rules"  # followup | llm | rules | refusal


class ConversationStore:
    """Conversations in memory, newest kept (LRU); each belongs to one user."""

    def __init__(self, limit: int = 1000) -> None:
        self._data: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()
        self.limit = limit

    def get_or_create(self, conv_id: str | None, user_id: int, role: Role) -> Conversation:
        with self._lock:
            if conv_id:
                conv = self._data.get(conv_id)
                if conv is None:
                    raise NotFound("会话不存在或已过期，请开始新的对话")
                if conv.user_id != user_id:
                    raise Forbidden("这不是你的会话")
                self._data.move_to_end(conv_id)
                return conv
            conv = Conversation(uuid.uuid4().hex, user_id, role)
            self._data[conv.id] = conv
            while len(self._data) > self.limit:
                self._data.popitem(last=False)
            return conv


def rule_filters(message: str, side: Side = "jobs") -> Filters:
    """Filters read from a message by search.query (places, salary, years, education, benefits ...)."""
    job_id = int(j.group(1)) if (j := _JOB_ID.search(message)) else None
    words = _ASKING.sub(" ", _JOB_ID.sub(" ", message))
    return Filters.from_query(parse_query(words, side), job_id=job_id)


def _side(tool: str | None) -> Side:
    return "candidates" if tool == "search_candidates" else "jobs"


def rule_tool(message: str, tools: dict[str, Tool]) -> str | None:
    if (
        _JOB_ID.search(message)
        and re.search(r"候选人|人选|推荐|匹配", message)
        and "match_candidates" in tools
    ):
        return "match_candidates"
    if re.search(r"适合我|匹配我|给我推荐|推荐.{0,4}(职位|工作)|我的简历", message) and "match_jobs" in tools:
        return "match_jobs"
    if re.search(r"候选人|人才|简历|求职者", message) and "search_candidates" in tools:
        return "search_candidates"
    if re.search(r"薪资水平|行情|平均(工资|薪资)|中位数|市场", message) and "market_stats" in tools:
        return "market_stats"
    return "search_jobs" if "search_jobs" in tools else None


ROUTER_PROMPT = (
    "你是招聘助手的工具路由器。根据用户的话选择一个工具并给出参数，只输出 JSON："
    '{"tool": "search_jobs|search_candidates|match_jobs|match_candidates|market_stats|none", '
    '"arguments": {"keywords": [], '
    '"city": null, "salary_min": null, "min_years": null}}。参数必须来自用户原话。'
)


def _llm_filters(a: ToolArgs, message: str) -> Filters:
    """The model's arguments, each kept only where the message supports it (llm.structured.ground_query)."""
    q = ground_query(
        QueryFields(keywords=a.keywords, city=a.city, salary_min=a.salary_min, min_years=a.min_years), message
    )
    job_id = int(j.group(1)) if (j := _JOB_ID.search(message)) else None
    return Filters(
        keywords=tuple(q.keywords),
        city=city_in(q.city) if q.city else None,
        salary_min=q.salary_min,
        min_years=q.min_years,
        job_id=job_id,
    )


def answer_prompt(role: Role) -> str:
    who = {"seeker": "求职者", "recruiter": "招聘方", "operator": "平台运营"}[role.value]
    return (
        f"你是“深度求才”的招聘助手，正在帮助一位{who}。只根据工具返回的结果回答；提到某个职位或候选人时，"
        "必须用方括号引用它的编号，例如 [J12] 或 [C3]；不得提及结果里没有的职位、公司或人；不得透露手机号、"
        "邮箱等联系方式。回答用简洁的中文。" + DATA_RULE
    )


class Assistant:
    def __init__(self, tools: dict[str, Tool], llm: LLM | None = None) -> None:
        self.tools, self.llm = tools, llm

    # ------------------------------------------------------------ routing
    def _refusal(self, conv: Conversation, message: str) -> str | None:
        if asks_for_contact(message) and conv.role is not Role.OPERATOR:
            return (
                "抱歉，联系方式属于个人信息，助手不能提供。"
                "请通过平台的投递/邀约功能联系对方，对方同意后可查看。"
            )
        if conv.role is not Role.SEEKER and (flags := [f for f in check_jd(message) if f.severity == "违法"]):
            return f"抱歉，不能按“{flags[0].text}”筛选：{flags[0].reason}。请改用与岗位能力相关的条件。"
        return None

    def _route(self, conv: Conversation, message: str) -> tuple[str | None, Filters, str]:
        if conv.last is not None and rf.is_followup(message):
            lows = [
                float(i["salary"]["low"])
                for i in conv.last.items
                if isinstance(i.get("salary"), dict) and i["salary"].get("low")
            ]
            return conv.last.tool, rf.refine(conv.last.filters, message, lows), "followup"
        if self.llm is not None:
            msgs: list[Message] = [
                {"role": "system", "content": ROUTER_PROMPT + DATA_RULE},
                {"role": "user", "content": quote_data(message, 1000)},
            ]
            res = generate_structured(self.llm, msgs, ToolCall, max_tokens=160)
            if res.value is not None and (res.value.tool in self.tools or res.value.tool == "none"):
                return (
                    (None if res.value.tool == "none" else res.value.tool),
                    _llm_filters(res.value.arguments, message),
                    "llm",
                )
        tool = rule_tool(message, self.tools)
        return tool, rule_filters(message, _side(tool)), "rules"

    # ------------------------------------------------------------ answering
    def _answer_messages(self, conv: Conversation, message: str, result: ToolResult | None) -> list[Message]:
        data = "（本轮没有调用工具）"
        if result is not None:
            rows = [
                {
                    "ref": f"{result.prefix}{i.get('id')}",
                    **{
                        k: i.get(k)
                        for k in ("title", "company", "city", "salary", "reasons", "name", "skills")
                        if i.get(k)
                    },
                }
                for i in result.items
            ]
            data = json.dumps({"tool": result.tool, "results": rows, "note": result.note}, ensure_ascii=False)
        return [
            {"role": "system", "content": answer_prompt(conv.role)},
            *conv.history[-HISTORY_TURNS * 2 :],
            {"role": "user", "content": f"{message}\n\n工具结果：\n{quote_data(data)}"},
        ]

    def prepare(self, conv: Conversation, message: str) -> tuple[Reply | None, ToolResult | None, str]:
        """Check and route one turn and run its tool; a Reply when the turn ends here (refusal)."""
        message = clean_text(message).strip()
        if not message:
            raise InputError("消息为空，请输入你的问题", field="message")
        if len(message) > MAX_MESSAGE_CHARS:
            raise InputError(
                f"消息过长（{len(message)} 字），请控制在 {MAX_MESSAGE_CHARS} 字以内", field="message"
            )
        if (refusal := self._refusal(conv, message)) is not None:
            return Reply(conv.id, refusal, refused=True, route="refusal"), None, message
        tool, filters, route = self._route(conv, message)
        result = self.tools[tool].run(filters) if tool in self.tools else None
        if result is not None:
            conv.last = result
        return None, result, route

    def finish(
        self,
        conv: Conversation,
        message: str,
        result: ToolResult | None,
        raw: str,
        route: str,
        reasoning: str = "",
    ) -> Reply:
        """Post-check an answer (citations, contact data), record the turn, and build the Reply."""
        allowed = result.ids() if result else []
        answer, removed = check_citations(raw.strip(), allowed)
        answer = mask_contacts(answer) if conv.role is not Role.OPERATOR else answer
        if result is not None and result.items and not cited(answer):
            answer += "\n参考：" + " ".join(f"[{r}]" for r in allowed[:5])
        conv.history += [{"role": "user", "content": message}, {"role": "assistant", "content": answer}]
        return Reply(
            conv.id,
            answer,
            result.tool if result else None,
            result.filters.as_dict() if result else {},
            result.items if result else [],
            [c for c in cited(answer) if c in allowed],
            removed,
            False,
            reasoning,
            route,
        )

    def respond(self, conv: Conversation, message: str) -> Reply:
        early, result, route = self.prepare(conv, message)
        if early is not None:
            return early
        text, reasoning = (template_answer(result) if self.llm is not None else rules_answer(result)), ""
        if self.llm is not None:
            try:
                out = self.llm.generate(
                    self._answer_messages(conv, clean_text(message), result), max_tokens=ANSWER_TOKENS
                )
                text, reasoning = (out.text or text), out.reasoning
            except (InputError, Forbidden, NotFound):
                raise
            except Exception:  # model trouble: the templated answer from the tool results still helps
                pass
        return self.finish(conv, clean_text(message).strip(), result, text, route, reasoning)

    def stream(
        self, conv: Conversation, message: str, cancel: threading.Event | None = None
    ) -> Iterator[dict[str, Any]]:
        """Events: {"type": "tool"}, {"type": "delta", "text"}, {"type": "reasoning"}, {"type": "done"}."""
        early, result, route = self.prepare(conv, message)
        message = clean_text(message).strip()
        if early is not None:
            yield {"type": "done", "reply": early}
            return
        if result is not None:
            yield {
                "type": "tool",
                "tool": result.tool,
                "filters": result.filters.as_dict(),
                "results": result.items,
            }
        text, reasoning = yield from self._stream_text(conv, message, result, cancel)
        yield {"type": "done", "reply": self.finish(conv, message, result, text, route, reasoning)}

    def _stream_text(
        self, conv: Conversation, message: str, result: ToolResult | None, cancel: threading.Event | None
    ) -> Generator[dict[str, Any], None, tuple[str, str]]:
        if self.llm is None:
            return rules_answer(result), ""
        guard = CitationStream(result.ids() if result else [], mask=conv.role is not Role.OPERATOR)
        parts, reasoning = [], []
        stream_kw: dict[str, Any] = (
            {"cancel": cancel} if cancel is not None and _takes_cancel(self.llm) else {}
        )
        for chunk in self.llm.stream(
            self._answer_messages(conv, message, result), max_tokens=ANSWER_TOKENS, **stream_kw
        ):
            if cancel is not None and cancel.is_set():
                break
            reasoning.append(chunk.reasoning)
            parts.append(chunk.text)
            if out := guard.feed(chunk.text):
                yield {"type": "delta", "text": out}
        if out := guard.flush():
            yield {"type": "delta", "text": out}
        return "".join(parts) or template_answer(result), "".join(reasoning)


def _takes_cancel(llm: LLM) -> bool:
    import inspect

    return "cancel" in inspect.signature(llm.stream).parameters


class CitationStream:
    """Streams text while holding back an open '[...' until it closes, so unknown ids never go out."""

    def __init__(self, allowed: list[str], mask: bool) -> None:
        self.allowed, self.mask, self.buf = allowed, mask, ""

    def feed(self, text: str) -> str:
        self.buf += text
        cut = len(self.buf)
        if (i := self.buf.rfind("[")) >= 0 and "]" not in self.buf[i:] and len(self.buf) - i < 12:
            cut = i
        # hold back a possible contact still arriving (phone in groups, 微信：id, QQ：number, e-mail)
        # so masking sees it whole
        if self.mask:
            cut = min(cut, safe_cut(self.buf[:cut]))
        out, self.buf = self.buf[:cut], self.buf[cut:]
        return self._clean(out)

    def flush(self) -> str:
        out, self.buf = self.buf, ""
        return self._clean(out)

    def _clean(self, s: str) -> str:
        s = check_citations(s, self.allowed)[0]
        return mask_contacts(s) if self.mask else s


def template_answer(result: ToolResult | None) -> str:
    """An answer built from tool results alone (no model, or the model failed)."""
    if result is None:
        return "我可以帮你搜索职位、候选人或查询薪资行情，请告诉我城市、职位和期望薪资。"
    if result.note and not result.items:
        return result.note
    if not result.items:
        return "没有找到符合条件的结果，可以放宽城市、薪资或经验条件再试试。"
    lines = [f"为你找到 {len(result.items)} 条结果："]
    for it in result.items:
        ref = f"[{result.prefix}{it.get('id')}]"
        pay = _pay(it.get("salary"))
        lines.append(
            " ".join(
                str(x)
                for x in (
                    ref,
                    it.get("title") or it.get("name") or "",
                    it.get("company") or "",
                    it.get("city") or "",
                    pay,
                )
                if x
            )
        )
    return "\n".join(lines)


def _pay(sal: object) -> str:
    """The pages' salary text (8千-1.2万·13薪, 面议); '' when the item has no salary at all."""
    if not isinstance(sal, dict) or not (sal.get("valid") or sal.get("negotiable")):
        return ""
    low, high, months = sal.get("low"), sal.get("high"), sal.get("months")
    return salary_display(
        float(low) if isinstance(low, int | float) else None,
        float(high) if isinstance(high, int | float) else None,
        sal.get("period") if isinstance(sal.get("period"), str) else None,
        int(months) if isinstance(months, int) else None,
        bool(sal.get("negotiable")),
    )


NO_MODEL_NOTE = (
    "当前未运行语言模型，以下为规则检索结果。"
    "要启用模型：talentseek model pull deepseek-r1-distill-qwen-1.5b-q4_k_m --use，然后重启 talentseek serve"
    "（或设置 TALENTSEEK_LLM_BACKEND=openai 连接已有的模型服务）。"
)


def rules_answer(result: ToolResult | None) -> str:
    """The templated answer with the note that no model is running (said on every rule-routed turn)."""
    return f"{NO_MODEL_NOTE}\n{template_answer(result)}"


def with_filters(result: ToolResult, **changes: Any) -> ToolResult:
    return replace(result, filters=replace(result.filters, **changes))
