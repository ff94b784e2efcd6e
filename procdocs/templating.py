"""Jinja2 templates: where they are found, which documents a method has, and how they render.

Templates are looked up first in the user's ``--template-dir`` and then in the built-in
``templates/`` directory, file by file — a user overrides one template (or the shared style
sheet) by putting a file of the same relative path in their directory, the way Sphinx and Hugo
themes are overridden.

Rendering runs in a sandbox with ``StrictUndefined`` (a missing value fails with the template name
and line instead of printing nothing) and autoescaping (a project name containing ``<``, ``&`` or
``{{`` appears literally).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from procdocs import cnformat, usercache
from procdocs.contract_defaults import performance_bond_return_terms
from procdocs.errors import Problem, TemplateError
from procdocs.inputs import read_input
from procdocs.law.limits import limit
from procdocs.law.methods import Ground, method_grounds
from procdocs.law.policies import policy
from procdocs.procedure_defaults import decryption_minutes
from procdocs.service_costs import cost_components, project_cost_components
from procdocs.yaml_input import read_yaml

MANIFEST_NAME = "manifest.yaml"


def builtin_template_dir() -> Path:
    """The templates shipped with procdocs: inside the package when installed from a wheel,
    at the top of the repository in a development checkout."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class DocumentDefinition:
    """One document of a method's set, as its manifest describes it."""

    key: str  # e.g. "notice"
    name: str  # e.g. "招标公告": the document's Chinese name, used in file names and titles
    template: str  # template path relative to a template root, e.g. "open_tender/notice.html.j2"
    requires: str | None = None  # a spec field path that must be set for the document to exist

    def applies_to(self, spec: Any) -> bool:
        if self.requires is None:
            return True
        value = spec
        for part in self.requires.split("."):
            value = getattr(value, part, None)
            if value is None:
                return False
        return bool(value)


@dataclass(frozen=True)
class MethodTemplates:
    """What a method's manifest declares: its vocabulary and its documents."""

    method: str
    terms: dict[str, str]  # the method's words: bidder → 投标人 (招标) or 供应商 (谈判) …
    documents: list[DocumentDefinition]


def confined(path: Path, roots: list[Path]) -> Path:
    """`path` if it resolves inside one of the template roots; a TemplateError otherwise.

    A symbolic link in a --template-dir may point anywhere; following it would put an arbitrary
    file (a key, another project's data) into a published document.
    """
    resolved = path.resolve()
    if not any(resolved.is_relative_to(root) for root in roots):
        raise TemplateError(Problem(f"模板文件指向模板目录以外的文件（{resolved}），已拒绝；请把文件本身放在模板目录中",
                                    file=str(path)))
    return path


def read_template_text(path: Path) -> str:
    """The text of a template or style sheet: a regular file within ``templates.file_bytes``
    (data/input_limits.yaml), in UTF-8 — a user's --template-dir is input like any other."""
    raw = read_input(path, "templates.file_bytes", "模板文件", error=TemplateError)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TemplateError(Problem("模板文件不是 UTF-8 编码（可能是 GBK），请以 UTF-8 保存", file=str(path),
                                    line=line)) from None


class _ConfinedLoader(jinja2.BaseLoader):
    """Templates from the search path (the user's directory first), never resolving outside it
    (symlinks), each read by :func:`read_template_text`."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = roots

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)  # refuses ".." (TemplateNotFound)
        for root in self.roots:
            path = root.joinpath(*pieces)
            if path.is_file():
                confined(path, self.roots)
                return read_template_text(path), str(path), lambda: True  # one environment per run
        raise jinja2.TemplateNotFound(template)


class Templates:
    """The template search path, its Jinja environment and the method manifests."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.search_path: list[Path] = []
        self.user_dir: Path | None = None
        if user_dir is not None:
            if not user_dir.is_dir():
                raise TemplateError(Problem("模板目录不存在或不是目录", file=str(user_dir)))
            self.user_dir = user_dir.resolve()
            self.search_path.append(self.user_dir)
        self.search_path.append(builtin_template_dir().resolve())

    @cached_property
    def environment(self) -> ImmutableSandboxedEnvironment:
        env = ImmutableSandboxedEnvironment(
            loader=_ConfinedLoader(self.search_path),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_bytecode_cache(),
        )
        env.filters.update(FILTERS)
        env.globals.update(limit=limit, policy_rule=policy, method_ground=_method_ground,
                           performance_bond_return=performance_bond_return_terms, cost_components=cost_components,
                           project_cost_components=project_cost_components, decryption_minutes=decryption_minutes)
        return env

    def find(self, relative: str) -> Path:
        """The file that wins for a relative path (the user's copy if there is one)."""
        for root in self.search_path:
            candidate = root / relative
            if candidate.is_file():
                return confined(candidate, self.search_path)
        raise TemplateError(Problem(f"找不到模板文件 {relative}（查找位置：{'、'.join(map(str, self.search_path))}）"))

    def method(self, method: str) -> MethodTemplates:
        """The terms and documents of a method, from the manifest that declares it."""
        for manifest in self._manifests():
            data = _read_manifest(manifest)
            if method in data:
                return _method_templates(method, data[method], manifest)
        raise TemplateError(Problem(f"没有找到采购方式 {method} 的模板（各模板目录下 {MANIFEST_NAME} 中未声明）"))


    def _manifests(self) -> list[Path]:
        # The user's manifests first, so that a user directory can redefine a method's document set.
        found: list[Path] = []
        seen: set[str] = set()
        for root in self.search_path:
            for manifest in sorted(root.glob(f"*/{MANIFEST_NAME}")):
                relative = str(manifest.relative_to(root))
                if relative not in seen:
                    seen.add(relative)
                    found.append(confined(manifest, self.search_path))
        return found

    def render(self, template_name: str, context: dict[str, Any]) -> str:
        try:
            template = self.environment.get_template(template_name)
            return template.render(context)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(Problem(f"找不到模板 {exc.name}", file=template_name)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(Problem(f"模板语法错误：{exc.message}", file=exc.filename or exc.name,
                                        line=exc.lineno)) from None
        except jinja2.UndefinedError as exc:
            file, line = _template_frame(exc)
            raise TemplateError(Problem(f"模板引用了不存在的值：{_undefined_reason(exc)}",
                                        file=file or template_name, line=line)) from None
        except SecurityError as exc:
            file, line = _template_frame(exc)
            raise TemplateError(Problem(f"模板执行了不安全的操作：{exc}", file=file or template_name,
                                        line=line)) from None
        except TemplateError:
            raise
        except RecursionError as exc:
            raise self._user_template_error(exc, "模板无限递归（如包含自身的 include、调用自身的宏），无法展开") from None
        except Exception as exc:
            raise self._user_template_error(exc, f"模板执行出错：{type(exc).__name__}: {exc}") from None

    def _user_template_error(self, exc: Exception, message: str) -> Exception:
        """A failure inside a user's template is the user's to fix: a TemplateError naming the
        template and line. In the built-in templates it is a bug in procdocs, reported as such."""
        if self.user_dir is not None:
            for file, line in reversed(_template_frames(exc)):
                if Path(file).resolve().is_relative_to(self.user_dir):
                    return TemplateError(Problem(message, file=file, line=line))
        return exc


# What the compiled code of a template depends on besides its source: Jinja's version and the
# environment's options above. Part of the cache folder's name, so a change starts a fresh folder.
_COMPILE_OPTIONS = f"jinja{jinja2.__version__}-autoescape-trim-lstrip"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Templates compiled once and kept in the user cache (``procdocs.usercache``): compiling the
    documents' templates takes about a second of every render. Jinja stores each template's code
    under its name and path with the SHA-1 of its source and recompiles when the source changed, so
    an edited template — built-in or in a user's --template-dir — is never served stale."""
    folder = usercache.subdirectory(f"templates-{_COMPILE_OPTIONS}")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None


def _read_manifest(path: Path) -> dict[str, Any]:
    data, _ = read_yaml(path, "模板清单", error=TemplateError)
    if not isinstance(data, dict):
        raise TemplateError(Problem("模板清单应为“采购方式: 文件列表”的映射", file=str(path)))
    return data


def _method_templates(method: str, entry: Any, manifest: Path) -> MethodTemplates:
    if not isinstance(entry, dict) or set(entry) != {"terms", "documents"}:
        raise TemplateError(Problem(f"{method} 下须且只须有 terms 和 documents 两项", file=str(manifest)))
    terms, documents = entry["terms"], entry["documents"]
    if not isinstance(terms, dict) or not all(isinstance(v, str) for v in terms.values()):
        raise TemplateError(Problem(f"{method}.terms 应为“名称: 用语”的映射", file=str(manifest)))
    if not isinstance(documents, list) or not documents:
        raise TemplateError(Problem(f"{method}.documents 下应列出至少一个文件", file=str(manifest)))
    definitions = []
    for document in documents:
        if not isinstance(document, dict) or not {"key", "name", "template"} <= set(document) <= {
                "key", "name", "template", "requires"}:
            raise TemplateError(Problem("每个文件须有 key、name、template 三项（可选 requires）", file=str(manifest)))
        definitions.append(DocumentDefinition(str(document["key"]), str(document["name"]), str(document["template"]),
                                              document.get("requires")))
    return MethodTemplates(method, dict(terms), definitions)


def _template_frames(exc: BaseException) -> list[tuple[str, int | None]]:
    """The traceback frames that are templates, outermost first (Jinja rewrites frames to template lines)."""
    return [(frame.filename, frame.lineno) for frame in traceback.extract_tb(exc.__traceback__)
            if frame.filename.endswith((".j2", ".html", ".jinja"))]


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost traceback frame that is a template."""
    frames = _template_frames(exc)
    return frames[-1] if frames else (None, None)


def _undefined_reason(exc: jinja2.UndefinedError) -> str:
    message = str(exc)
    if "has no attribute" in message:
        owner, _, attribute = message.partition(" has no attribute ")
        return f"{owner} 没有属性 {attribute}"
    if "is undefined" in message:
        return message.replace(" is undefined", " 未定义")
    return message


# -- filters for Chinese documents ---------------------------------------------------------------

def _method_ground(method: str, code: str) -> Ground | None:
    """The legal ground `code` of `method` as the law states it (``.text``, ``.basis``), or None."""
    return method_grounds(method).get(code)


def _quantity(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():f}"


def _days_before(moment: date | datetime, days: Decimal | int) -> date:
    """The calendar date `days` days before a date or deadline (for "至少N日前" lead times)."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=int(days))


def _days_after(moment: date | datetime, days: Decimal | int) -> date:
    day = moment.date() if isinstance(moment, datetime) else moment
    return day + timedelta(days=int(days))


FILTERS: dict[str, Any] = {
    "yuan": cnformat.format_yuan,  # 1,200,000.00元
    "amount": cnformat.format_amount,  # 1,200,000.00 (the unit is in the table header)
    "wan": cnformat.format_wan,  # 120万元
    "capitals": cnformat.money_capitals,  # 人民币壹佰贰拾万元整
    "cn_date": cnformat.format_date,  # 2026年12月1日
    "cn_datetime": cnformat.format_datetime,  # 2026年12月22日09时30分（北京时间）
    "weekday": cnformat.format_weekday,  # 星期二
    "percent": cnformat.format_percent,  # 2%
    "cn_number": cnformat.chinese_number,  # 3 -> 三
    "unmarked": cnformat.strip_list_marker,  # "- 交货…" -> "交货…" before a number the template writes
    "quantity": _quantity,  # Decimal('12') -> 12
    "days_before": _days_before,  # deadline | days_before(15) -> the date 15 calendar days earlier
    "days_after": _days_after,
}
