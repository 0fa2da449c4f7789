"""Load and validate the rule files of a rules folder.

Every ``*.toml`` below the folder is read in sorted order. A file with a ``[site]`` table
is a site file: its rules run only on that site's documents, before the generic rules.
Any file may hold a ``[date_order]`` table (language -> "DMY" / "MDY" / "YMD").
See ``rules/README.md`` for the format. Every problem raises :class:`RulesError`
naming the file and the rule.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re2

from corpus.errors import RulesError
from corpus.rulebook.bounded import BoundedPattern
from corpus.rulebook.linefilter import FILTERED_KINDS, LineFilter, casefold, normalize_line, search

KINDS = ("drop", "cut", "block", "label", "meta", "css")
META_FIELDS = ("published", "authors", "publisher", "dateline")
DATE_ORDERS = ("DMY", "MDY", "YMD")

# Defaults, each a guard that keeps a rule from eating the article:
# - a "drop" rule only removes a line this short; boilerplate lines are short, and a
#   pattern that accidentally matches a paragraph must not take it;
_DROP_MAX_CHARS = 200
# - a "cut" marker ("Comments", "Latest stories") is a short line of its own...
_CUT_MAX_CHARS = 40
# - ...standing in the last half of the document (share of the characters before it);
_CUT_MIN_POSITION = 0.5
# - a "block" closes within this many lines, or it removes nothing;
_BLOCK_MAX_LINES = 40
# - "meta" rules look at the header: the first lines that are still kept.
_META_HEADER_LINES = 8

_COMMON_KEYS = {"id", "kind", "description", "lines", "patterns", "max_chars"}
_KEYS = {
    "drop": _COMMON_KEYS,
    "cut": _COMMON_KEYS | {"min_position"},
    "block": {"id", "kind", "description", "start", "end", "max_lines"},
    "label": {"id", "kind", "description", "labels"},
    "meta": _COMMON_KEYS | {"field", "header_lines", "remove"},
    "css": {"id", "kind", "description", "selectors", "max_text_chars"},
}
_SITE_KEYS = {"name", "domains", "fingerprints", "date_order", "language"}
_FILE_KEYS = {"site", "rule", "date_order"}

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False
# A rule's compiled program may use this much memory; a pattern that needs more is
# rejected at load time instead of slowing every line of every document.
_RE2_OPTIONS.max_mem = 8 << 20
# A meta pattern with counted repetitions is compiled widened at load (BoundedPattern),
# exactly on first need only, when its exact program is estimated at most this many
# instructions: a quarter of the ~540,000 at which 8 MiB runs out (measured on
# [\pL]{0,k}), so the estimate may be well off and the pattern still fit. A larger one
# is compiled at load too, to be rejected there if too large.
_LAZY_MAX_PROGRAM = 135_000
# ...and at least this many: a smaller program compiles in under a millisecond, not
# worth a second pattern.
_LAZY_MIN_PROGRAM = 10_000
_FLAGS = re.compile(r"\(\?([imsU]+)")


@dataclass(frozen=True)
class Matcher:
    lines: frozenset[str] = frozenset()
    patterns: tuple[Any, ...] = ()

    def search(self, text: str) -> Any:
        """A match (its named groups by ``group(name)``), True for an exact line, else None."""
        if self.lines and normalize_line(text) in self.lines:
            return True
        for pattern in self.patterns:
            found = pattern.search(text) if type(pattern) is BoundedPattern else search(pattern, text)
            if found:
                return found
        return None

    def __bool__(self) -> bool:
        return bool(self.lines or self.patterns)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    description: str
    match: Matcher
    max_chars: int = _DROP_MAX_CHARS
    min_position: float = _CUT_MIN_POSITION
    end: Matcher = field(default_factory=Matcher)
    max_lines: int = _BLOCK_MAX_LINES
    field: str | None = None
    header_lines: int = _META_HEADER_LINES
    remove: bool = True
    line_filter: LineFilter = LineFilter()  # meta: one scan of the lines for all its patterns
    selectors: tuple[str, ...] = ()  # css: elements removed from an HTML page before extraction
    max_text_chars: int | None = None  # css: spare an element holding more text than this


@dataclass(frozen=True)
class RuleList:
    """Rules in the order they run, and what their line rules ask of every line
    (:class:`LineFilter`), prepared once."""

    rules: tuple[Rule, ...] = ()
    line_filter: LineFilter = LineFilter()
    # The rules in order, each run of consecutive drop and label rules as one tuple: they
    # only remove lines, so applying a run line by line (the first of its rules that
    # matches a line removes it) is the same as applying it rule by rule.
    steps: tuple[Rule | tuple[Rule, ...], ...] = ()

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, index: int) -> Rule:
        return self.rules[index]

    @classmethod
    def of(cls, rules: list[Rule]) -> "RuleList":
        filtered = [r for r in rules if r.kind in FILTERED_KINDS]
        # drop, label and cut rules ask only about lines at most max_chars long; block
        # rules about any line.
        longest = -1 if any(r.kind == "block" for r in filtered) else max((r.max_chars for r in filtered), default=-1)
        line_filter = LineFilter.of([r.match for r in filtered] + [r.end for r in filtered], longest_line=longest)
        steps: list[Rule | tuple[Rule, ...]] = []
        for rule in rules:
            if rule.kind in ("drop", "label") and steps and isinstance(steps[-1], tuple):
                steps[-1] = (*steps[-1], rule)
            else:
                steps.append((rule,) if rule.kind in ("drop", "label") else rule)
        return cls(tuple(rules), line_filter, tuple(steps))


@dataclass(frozen=True)
class Site:
    name: str
    slug: str
    domains: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    date_order: str | None = None
    language: str | None = None
    rules: RuleList = RuleList()


@dataclass(frozen=True)
class RuleSet:
    sites: tuple[Site, ...]
    generic: RuleList
    date_order: dict[str, str]
    digest: str  # sha256 of every rule file, in order: part of the release manifest
    files: tuple[str, ...]

    def css_rules(self, site: Site | None) -> list[Rule]:
        """The CSS rules for a page: the site's, then the generic ones."""
        return self.of_kind(site, "css")

    def of_kind(self, site: Site | None, kind: str, field: str | None = None) -> list[Rule]:
        """The site's rules of one kind (and meta field), then the generic ones."""
        rules = [*(site.rules if site else ()), *self.generic]
        return [r for r in rules if r.kind == kind and (field is None or r.field == field)]

    def site_named(self, name: str | None) -> Site | None:
        return next((s for s in self.sites if s.name == name), None)

    def site_by_fingerprint(self, text: str) -> Site | None:
        """The first site whose fingerprint the text holds, compared in normalize_line form.

        Normalizing a whole document is slow; each word of a fingerprint must be in the
        case-folded text for the fingerprint to be in the normalized one (case folding
        leaves white space as it is), so most documents are ruled out without it.
        """
        casefolded = folded = None
        for site in self.sites:
            for fingerprint in site.fingerprints:
                casefolded = casefold(text) if casefolded is None else casefolded
                if all(word in casefolded for word in fingerprint.split(" ")):
                    folded = normalize_line(text) if folded is None else folded
                    if fingerprint in folded:
                        return site
        return None


def load_rules(folder: str | Path) -> RuleSet:
    root = Path(folder)
    if not root.is_dir():
        raise RulesError(root, "rules folder not found")
    files = sorted(p for p in root.rglob("*.toml") if not any(x.startswith(".") for x in p.relative_to(root).parts))
    if not files:
        raise RulesError(root, "no *.toml rule files in this folder")
    digest = hashlib.sha256()
    sites: list[Site] = []
    generic: list[Rule] = []
    date_order: dict[str, str] = {}
    seen_ids: dict[str, Path] = {}
    for path in files:
        raw = path.read_bytes()
        rel = path.relative_to(root).as_posix()
        digest.update(rel.encode() + b"\0" + hashlib.sha256(raw).digest())
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise RulesError(path, f"not valid TOML: {exc}") from None
        _check_keys(path, None, data, _FILE_KEYS, "top-level key")
        for lang, order in _table(path, data, "date_order").items():
            date_order[lang] = _date_order(path, order)
        site_table = _table(path, data, "site")
        prefix = _slug(path, site_table) if site_table else "generic"
        rules = []
        for entry in _rule_list(path, data):
            rule = _rule(path, prefix, entry)
            if rule.id in seen_ids:
                raise RulesError(path, f"duplicate id, also in {seen_ids[rule.id]}", rule.id)
            seen_ids[rule.id] = path
            rules.append(rule)
        if site_table:
            sites.append(_site(path, site_table, prefix, rules))
        else:
            generic.extend(rules)
    return RuleSet(tuple(sites), RuleList.of(generic), date_order, digest.hexdigest(), tuple(str(f) for f in files))


def _table(path: Path, data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise RulesError(path, f"[{key}] must be a table")
    return value


def _rule_list(path: Path, data: dict) -> list[dict]:
    value = data.get("rule", [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise RulesError(path, "rules are declared as [[rule]] tables")
    return value


def _check_keys(path: Path, rule_id: str | None, table: dict, allowed: set[str], what: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RulesError(path, f"unknown {what} {', '.join(map(repr, unknown))} (allowed: {', '.join(sorted(allowed))})", rule_id)


def _slug(path: Path, table: dict) -> str:
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesError(path, "[site] needs a name")
    return "".join(ch if ch.isalnum() else "-" for ch in name.strip().lower()).strip("-")


def _site(path: Path, table: dict, slug: str, rules: list[Rule]) -> Site:
    _check_keys(path, None, table, _SITE_KEYS, "[site] key")
    order = table.get("date_order")
    language = table.get("language")
    if language is not None and not (isinstance(language, str) and language.isalpha() and 2 <= len(language) <= 3):
        raise RulesError(path, f"[site] language {language!r} is not an ISO 639 code such as 'en'")
    return Site(
        name=table["name"].strip(),
        slug=slug,
        domains=tuple(d.lower().removeprefix("www.") for d in _strings(path, None, table, "domains")),
        # Stored in normalize_line form, the form documents are compared in.
        fingerprints=tuple(normalize_line(fp) for fp in _strings(path, None, table, "fingerprints")),
        date_order=_date_order(path, order) if order is not None else None,
        language=language,
        rules=RuleList.of(rules),
    )


def _date_order(path: Path, order: object) -> str:
    if order not in DATE_ORDERS:
        raise RulesError(path, f"date order {order!r} is not one of {', '.join(DATE_ORDERS)}")
    return str(order)


def _strings(path: Path, rule_id: str | None, table: dict, key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(path, f"{key!r} must be a list of non-empty strings", rule_id)
    return value


def _compile(path: Path, rule_id: str, pattern: str) -> Any:
    try:
        return re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise RulesError(path, f"bad pattern {pattern!r}: {detail}", rule_id) from None


def _meta_pattern(path: Path, rule_id: str, source: str) -> Any:
    """A BoundedPattern when the pattern has counted repetitions of one character and is
    small enough not to fail later, else the compiled pattern. Its exact form, compiled
    on first need, raises RulesError there (in the unlikely case it is too large)."""
    exact = functools.partial(_compile, path, rule_id, source)
    try:
        bounded = BoundedPattern.of(source, functools.partial(_compile, path, rule_id), exact)
    except RulesError:
        bounded = None  # (a bad pattern: reported as written, by compiling it)
    if bounded is None or not _LAZY_MIN_PROGRAM <= _estimated_size(bounded, source) <= _LAZY_MAX_PROGRAM:
        return exact()
    return bounded


def _estimated_size(bounded: BoundedPattern, source: str) -> int:
    """The exact pattern's program size, roughly: the widened one's and, for each
    repetition, as many more copies of what it repeats as its bounds allow."""
    flags = "".join(sorted(set("".join(_FLAGS.findall(source)))))
    size = bounded.wide._regexp.ProgramSize()
    for low, high, item in bounded.counted:
        item_size = _compile_item(f"(?{flags}:{item})" if flags else item)
        size += (high - low + 1) * item_size
    return size


@functools.lru_cache(maxsize=256)
def _compile_item(item: str) -> int:
    try:
        return re2.compile(item, _RE2_OPTIONS)._regexp.ProgramSize()
    except re2.error:  # pragma: no cover - a part of a pattern that compiled
        return _LAZY_MAX_PROGRAM + 1


def _matcher(path: Path, rule_id: str, table: dict, combine: bool = True) -> Matcher:
    lines = frozenset(normalize_line(x) for x in _strings(path, rule_id, table, "lines"))
    sources = _strings(path, rule_id, table, "patterns")
    # each checked on its own first; a meta rule's ones are kept apart, so may be bounded
    patterns = [_compile(path, rule_id, p) if combine else _meta_pattern(path, rule_id, p) for p in sources]
    if combine and len(sources) > 1:
        # One alternation is one call into RE2 per line instead of one per pattern; the
        # Python-side cost of a call dominates on short lines.
        patterns = [_compile(path, rule_id, "|".join(f"(?:{p})" for p in sources))]
    return Matcher(lines, tuple(patterns))


def _label_matcher(path: Path, rule_id: str, entry: dict) -> Matcher:
    labels = _strings(path, rule_id, entry, "labels")
    if not labels:
        raise RulesError(path, "a label rule needs 'labels'", rule_id)
    alternatives = "|".join(re2.escape(label) for label in labels)
    # The label alone on its line, with or without a colon: "Date:", "التاريخ :".
    return Matcher(patterns=(_compile(path, rule_id, rf"(?i)^(?:{alternatives})\s*[:：]?$"),))


def _number(path: Path, rule_id: str, entry: dict, key: str, default: float, low: float, high: float) -> Any:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise RulesError(path, f"{key!r} must be a number from {low} to {high}", rule_id)
    return value


def _rule(path: Path, prefix: str, entry: dict) -> Rule:
    local_id, kind = entry.get("id"), entry.get("kind")
    if not isinstance(local_id, str) or not local_id.strip():
        raise RulesError(path, "every [[rule]] needs an id")
    rule_id = f"{prefix}:{local_id.strip()}"
    if kind not in KINDS:
        raise RulesError(path, f"kind {kind!r} is not one of {', '.join(KINDS)}", rule_id)
    _check_keys(path, rule_id, entry, _KEYS[kind], f"key for a {kind} rule:")
    common = {"id": rule_id, "kind": kind, "description": str(entry.get("description", ""))}
    if kind == "label":
        return Rule(match=_label_matcher(path, rule_id, entry), **common)
    if kind == "css":
        return _css_rule(path, rule_id, entry, common)
    if kind == "block":
        start, end = (_block_end(path, rule_id, entry, key) for key in ("start", "end"))
        max_lines = _number(path, rule_id, entry, "max_lines", _BLOCK_MAX_LINES, 1, 10_000)
        return Rule(match=start, end=end, max_lines=int(max_lines), **common)
    # meta rules keep their patterns apart: each may name its own (?P<value>) group.
    match = _matcher(path, rule_id, entry, combine=kind != "meta")
    if not match:
        raise RulesError(path, "needs 'lines' or 'patterns' to match", rule_id)
    default_chars = _CUT_MAX_CHARS if kind == "cut" else _DROP_MAX_CHARS
    max_chars = int(_number(path, rule_id, entry, "max_chars", default_chars, 1, 100_000))
    if kind == "cut":
        position = _number(path, rule_id, entry, "min_position", _CUT_MIN_POSITION, 0.0, 1.0)
        return Rule(match=match, max_chars=max_chars, min_position=float(position), **common)
    if kind == "meta":
        field_name = entry.get("field")
        if field_name not in META_FIELDS:
            raise RulesError(path, f"field {field_name!r} is not one of {', '.join(META_FIELDS)}", rule_id)
        header = int(_number(path, rule_id, entry, "header_lines", _META_HEADER_LINES, 1, 1000))
        remove = entry.get("remove", True)
        if not isinstance(remove, bool):
            raise RulesError(path, "'remove' must be true or false", rule_id)
        return Rule(match=match, max_chars=max_chars, field=field_name, header_lines=header, remove=remove,
                    line_filter=LineFilter.of([match], longest_line=max_chars), **common)
    return Rule(match=match, max_chars=max_chars, **common)


def _css_rule(path: Path, rule_id: str, entry: dict, common: dict) -> Rule:
    from selectolax.lexbor import LexborHTMLParser

    selectors = _strings(path, rule_id, entry, "selectors")
    if not selectors:
        raise RulesError(path, "a css rule needs 'selectors'", rule_id)
    probe = LexborHTMLParser("<p></p>")
    for selector in selectors:
        try:
            probe.css(selector)
        except Exception:  # selectolax raises its own error type for a bad selector
            raise RulesError(path, f"bad CSS selector {selector!r}", rule_id) from None
    limit = entry.get("max_text_chars")
    if limit is not None:
        limit = int(_number(path, rule_id, entry, "max_text_chars", 0, 1, 10_000_000))
    return Rule(match=Matcher(), selectors=tuple(selectors), max_text_chars=limit, **common)


def _block_end(path: Path, rule_id: str, entry: dict, key: str) -> Matcher:
    table = entry.get(key)
    if not isinstance(table, dict):
        raise RulesError(path, f"a block rule needs a {key!r} table with 'lines' or 'patterns'", rule_id)
    _check_keys(path, rule_id, table, {"lines", "patterns"}, f"key in {key!r}:")
    matcher = _matcher(path, rule_id, table)
    if not matcher:
        raise RulesError(path, f"{key!r} needs 'lines' or 'patterns'", rule_id)
    return matcher
