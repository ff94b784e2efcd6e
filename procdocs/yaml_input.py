"""Reading YAML a user wrote, in bounded memory and time: every YAML file procdocs reads comes here.

Project specs, base specs, holiday files, column mappings, review files, the remembered profile,
and template manifests and style sheets are composed into nodes by one loader and checked before
anything is built from them:

- the file is a regular file within ``spec.file_bytes`` (:mod:`procdocs.inputs`), UTF-8, not binary;
- nesting is at most ``spec.depth`` levels, refused while composing (PyYAML composes recursively,
  so a thousand ``[`` would otherwise end in a RecursionError);
- anchors and aliases (``&name`` / ``*name``) are allowed, but an alias that refers to the node it
  sits in (an endless structure) is refused, and the document counted as if every alias were
  written out must stay within ``spec.nodes`` values and ``spec.depth`` levels: the "billion laughs"
  of a few hundred bytes that expands to gigabytes is refused before it is expanded;
- every key is plain text: a list or mapping as a key (``? [a]: 1``) and a number, true/false or
  null as a key are refused at their line;
- an integer of more than ``spec.integer_digits`` digits stays text (Python refuses to convert
  4,300 digits and converts long ones in quadratic time): the field that expects a number refuses
  it with its own message; an impossible date (2027-02-30) or a value its explicit tag cannot
  build (``!!int abc``) is refused at its line instead of failing inside the YAML library;
- text is text: base64 data (``!!binary``), which would turn into text behind every check of the
  characters a document may carry, and a lone surrogate written as an escape (``"\\ud800"``), which
  no validator, file or message can encode, are refused at their line and field.

Every refusal is one Chinese problem with the file and line, raised as the caller's error class.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from procdocs.characters import KIND_NAMES, code_point, refused_kind
from procdocs.errors import Problem, UserError
from procdocs.input_limits import input_limit
from procdocs.inputs import read_input

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"  # "<<: *base", merged into the mapping by the constructor
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BINARY = "tag:yaml.org,2002:binary"

_KINDS = {_INT: "整数", "tag:yaml.org,2002:float": "数字", "tag:yaml.org,2002:bool": "是/否（true/false）",
          _TIMESTAMP: "日期"}

_REASONS = {  # PyYAML's problems, as officers read them
    "mapping values are not allowed here": "此处不能出现“键: 值”，可能是缩进不对或值中含未加引号的冒号",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "did not find expected key": "缩进不一致，找不到预期的字段",
    "found undefined alias": "引用了未定义的锚点",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found duplicate anchor": "锚点名称重复",
    "expected a single document": "文件中有多个文档（“---”分隔），只能有一个",
}


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


class _Composing:
    """Composition that stops at the depth limit instead of recursing until Python gives up."""

    max_depth = 0
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > self.max_depth:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _Loader(_Composing, yaml.SafeLoader):
    """YAML 1.1 as PyYAML's safe loader reads it (dates become dates)."""


class _TextDateLoader(_Composing, yaml.SafeLoader):
    """Without implicit timestamps: ``2026-12-01`` stays text (specs parse dates with their own types)."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    """An integer, or its text when it is longer than any number procdocs reads (see the module)."""
    if len(node.value) > input_limit("spec.integer_digits").value:
        return str(node.value)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


for _loader_class in (_Loader, _TextDateLoader):
    _loader_class.add_constructor(_INT, _construct_int)


def read_yaml(path: Path, what: str, *, display: str | None = None, error: type[UserError] = UserError,
              dates: bool = True) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML file and its root node (for lines), or `error` naming file and line.

    `what` names the file in messages (放假安排文件 …); `dates`: whether ``2026-12-01`` becomes a date.
    An empty file is (None, None).
    """
    shown = display or str(path)
    text = read_yaml_text(path, what, display=shown, error=error)
    node = compose_yaml(text, shown, error=error, dates=dates)
    return construct_yaml(node, shown, error=error, dates=dates), node


def read_yaml_text(path: Path, what: str, *, display: str | None = None, error: type[UserError] = UserError) -> str:
    """The text of a YAML file: a regular file within ``spec.file_bytes``, in UTF-8."""
    shown = display or str(path)
    return decode_yaml(read_input(path, "spec.file_bytes", what, display=shown, error=error), what, shown, error)


def decode_yaml(raw: bytes, what: str, display: str, error: type[UserError] = UserError) -> str:
    if b"\x00" in raw:
        raise error(Problem(f"这不是文本文件（含二进制内容），请指定{what}（YAML）", file=display))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(Problem(f"{what}不是 UTF-8 编码（可能是 GBK），请以 UTF-8 保存", file=display, line=line)) from None


def compose_yaml(text: str, display: str, *, error: type[UserError] = UserError, dates: bool = True) -> yaml.Node | None:
    """The document's root node (None when empty), checked against every limit above."""
    try:
        loader = (_Loader if dates else _TextDateLoader)(text)  # the reader checks the characters here
    except yaml.reader.ReaderError as exc:
        raise error(_unprintable(exc, text, display)) from None
    loader.max_depth = input_limit("spec.depth").value
    try:
        node = loader.get_single_node()
    except _TooDeep as exc:
        raise error(_too_deep(display, exc.mark.line + 1)) from None
    except yaml.MarkedYAMLError as exc:
        raise error(syntax_problem(exc, display)) from None
    except yaml.reader.ReaderError as exc:
        raise error(_unprintable(exc, text, display)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other PyYAML error carries marks
        raise error(Problem(f"YAML 语法错误：{exc}", file=display)) from None
    finally:
        loader.dispose()
    if node is not None:
        _Checker(loader, display, error).check(node)
    return node


def construct_yaml(node: yaml.Node | None, display: str, *, error: type[UserError] = UserError,
                   dates: bool = True) -> Any:
    """The plain data of a checked node (from :func:`compose_yaml`)."""
    if node is None:
        return None
    loader = (_Loader if dates else _TextDateLoader)("")
    try:
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:  # an unknown tag (!!python/…), a bad merge (<<: 1)
        raise error(syntax_problem(exc, display)) from None
    finally:
        loader.dispose()


def syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    reason = next((chinese for english, chinese in _REASONS.items() if english in problem), None)
    if reason is None and "could not determine a constructor" in problem:
        reason = f"不支持的 YAML 标签 {problem.rsplit(' ', 1)[-1]}"
    return Problem(f"YAML 语法错误：{reason or problem or exc}", file=display,
                   line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)


def node_at(root: yaml.Node | None, path: Sequence[str | int]) -> yaml.Node | None:
    """The node at a path of keys and indexes (as pydantic reports a location), or the deepest found."""
    node = root
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if key.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node


def path_text(path: Sequence[str | int]) -> str:
    """('rest', 0, 'from') -> 'rest[0].from', as messages name a place in a file."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _unprintable(exc: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    """A character YAML refuses (NUL, ESC and other controls, U+FFFE …), at its line and column."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    kind = refused_kind(char)
    what = KIND_NAMES[kind] if kind else "YAML 文件中不能出现的字符"
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - text.rfind("\n", 0, exc.position)
    return Problem(f"文件含有{what}（{code_point(char)}），请删除", file=display, line=line, column=column)


def _too_deep(display: str, line: int) -> Problem:
    limit = input_limit("spec.depth")
    return Problem(f"嵌套层数过多（超过 {limit.text}），不像是正常的 YAML 文件，已拒绝读取", file=display, line=line)


class _Checker:
    """One walk over the node graph, each distinct node once: keys, scalars, cycles, and the
    size and depth the document would have with every alias written out."""

    def __init__(self, loader: yaml.SafeLoader, display: str, error: type[UserError]) -> None:
        self.loader = loader
        self.display = display
        self.error = error
        self.max_nodes = input_limit("spec.nodes")
        self.max_depth = input_limit("spec.depth")
        self.expanded: dict[int, tuple[int, int]] = {}  # id(node) -> (values, levels) when written out
        self.open: set[int] = set()  # nodes being walked: meeting one again is an endless structure
        self.aliased = False

    def check(self, root: yaml.Node) -> None:
        self._walk(root, 1, ())

    def _walk(self, node: yaml.Node, depth: int, path: tuple[str | int, ...]) -> tuple[int, int]:
        key = id(node)
        if key in self.open:
            self._fail(node, "锚点（&）在它自己的内容中被别名（*）引用，结构无限循环，无法读取")
        if key in self.expanded:
            self.aliased = True
            values, levels = self.expanded[key]
            if depth + levels - 1 > self.max_depth.value:
                self._fail(node, f"展开锚点引用（*）后嵌套层数超过 {self.max_depth.text}，已拒绝读取")
            return values, levels
        if depth > self.max_depth.value:
            raise self.error(_too_deep(self.display, node.start_mark.line + 1))
        self.open.add(key)
        values, levels = 1, 1
        for child, child_path in self._children(node, path):
            child_values, child_levels = self._walk(child, depth + 1, child_path)
            values += child_values
            levels = max(levels, child_levels + 1)
        self.open.discard(key)
        if values > self.max_nodes.value:
            self._refuse_size(node)
        self.expanded[key] = (values, levels)
        return values, levels

    def _children(self, node: yaml.Node, path: tuple[str | int, ...]) -> list[tuple[yaml.Node, tuple[str | int, ...]]]:
        """The nodes under `node`, each with the field path it is written at (a key: its mapping's)."""
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                self._check_key(key_node, path)
            return [pair for key_node, value_node in node.value
                    for pair in ((key_node, path), (value_node, (*path, key_node.value)))]
        if isinstance(node, yaml.SequenceNode):
            return [(child, (*path, index)) for index, child in enumerate(node.value)]
        self._check_scalar(node, path)
        return []

    def _check_key(self, key: yaml.Node, path: tuple[str | int, ...]) -> None:
        if not isinstance(key, yaml.ScalarNode):
            self._fail(key, "字段名不能是列表或映射（“? [ … ]”形式），应为文字")
        self._check_encodable(key, path, "字段名")
        if key.tag not in (_STR, _MERGE):
            self._fail(key, f"字段名「{key.value}」应为文字；数字、true/false、null 作字段名时请加引号，如 \"{key.value}\":")

    def _check_encodable(self, node: yaml.ScalarNode, path: tuple[str | int, ...], what: str = "") -> None:
        """A lone surrogate can only come from an escape such as "\\ud800"; nothing can encode it,
        not even a message quoting the value, so it is refused here by its code point."""
        try:
            node.value.encode("utf-8")
        except UnicodeEncodeError as exc:
            self._fail(node, f"{what}含有{KIND_NAMES['noncharacter']}（{code_point(node.value[exc.start])}，"
                             f"第 {exc.start + 1} 个字符），请删除", path)

    def _check_scalar(self, node: yaml.Node, path: tuple[str | int, ...]) -> None:
        self._check_encodable(node, path)
        if node.tag == _BINARY:  # bytes would become text after every check of its characters
            self._fail(node, "不支持 base64 数据（!!binary），请直接写出文字")
        constructor = self.loader.yaml_constructors.get(node.tag)
        if node.tag == _STR or constructor is None:  # text is text; an unknown tag is reported when constructing
            return
        # Building the value here, where its line is known: PyYAML raises a bare ValueError for
        # 2027-02-30 or "!!int abc", with no position, while constructing the document.
        try:
            constructor(self.loader, node)
        except (ValueError, TypeError, ArithmeticError, AttributeError, yaml.YAMLError):
            kind = _KINDS.get(node.tag, "值")
            reason = "（应为实际存在的日期，如 2027-01-01）" if node.tag == _TIMESTAMP else ""
            self._fail(node, f"「{node.value}」不是有效的{kind}{reason}，请改正")

    def _refuse_size(self, node: yaml.Node) -> None:
        if self.aliased:
            self._fail(node, f"展开锚点引用（*）后超过 {self.max_nodes.text}值，疑似恶意构造（“YAML 炸弹”），已拒绝读取")
        self._fail(node, f"内容过多（超过 {self.max_nodes.text}值），不像是正常的 YAML 文件，已拒绝读取")

    def _fail(self, node: yaml.Node, message: str, path: tuple[str | int, ...] = ()) -> None:
        raise self.error(Problem(message, file=self.display, line=node.start_mark.line + 1,
                                 column=node.start_mark.column + 1, field=path_text(path) or None))
