"""The small, safe expression language of `when`, branch conditions and `set` values.

Parsed once at load time into closures over an evaluation context; type-checked against the declared
variables. No `eval`, no attribute access, no calls but `visited(node)` and `chosen(option)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol


class Context(Protocol):
    """What an expression can read while a session runs."""

    variables: dict[str, object]
    visits: dict[str, int]
    chosen_ids: set[str]
    turn: int


Evaluator = Callable[[Context], object]

TYPE_NAMES = {bool: "bool", int: "int", str: "str"}

# -- budgets: what one expression may cost -------------------------------------------------------------
#: Most digits of any integer a scenario holds, in YAML or computed (Python itself stops at 4,300).
MAX_INT_DIGITS = 15
#: Every integer value stays strictly between -INT_LIMIT and INT_LIMIT.
INT_LIMIT = 10**MAX_INT_DIGITS
#: Longest expression text; a real condition is a line.
MAX_EXPRESSION_CHARS = 1000
#: Most tokens (values, names and operators) in one expression.
MAX_EXPRESSION_TOKENS = 200
#: Deepest nesting of parentheses, `not` and `-` in one expression.
MAX_EXPRESSION_DEPTH = 32


class ExpressionError(Exception):
    """A positioned problem in one expression; `offset` counts characters from its start."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class ExpressionLimitError(ArithmeticError):
    """Raised while evaluating when a computed integer leaves (-INT_LIMIT, INT_LIMIT), as `x * x` in a loop does.

    `pos` is the (line, col) of the expression in its file when the loader knew it; `message` is one line of Dutch.
    """

    def __init__(self, source: str, pos: tuple[int, int] | None) -> None:
        self.source = source
        self.pos = pos
        self.message = (f'De expressie "{source[:60]}" geeft een getal van meer dan {MAX_INT_DIGITS} cijfers; '
                        "Casustafel rekent niet verder. Begrens de waarde, bijvoorbeeld met een when.")
        super().__init__(self.message)


def _bounded(source: str, pos: tuple[int, int] | None) -> Callable[[int], int]:
    """The check every computed integer passes: within the limit, or ExpressionLimitError."""

    def check(value: int) -> int:
        if -INT_LIMIT < value < INT_LIMIT:
            return value
        raise ExpressionLimitError(source, pos)

    return check


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression: its source, its static type, and a function that evaluates it.

    Pickles as its source (the compiled cache, engine/cache.py); an unpickled expression compiles itself on
    its first evaluation and then evaluates as fast as a freshly parsed one.
    """

    source: str
    type: str
    evaluate: Evaluator = field(compare=False)  # an expression is its source: two parses of it are equal
    variables: frozenset[str]
    nodes: frozenset[str]
    options: frozenset[str]
    variable_types: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    pos: tuple[int, int] | None = field(default=None, compare=False, repr=False)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        if self.variable_types is None:  # a literal: its value is the whole expression
            return (literal_expression, (self.evaluate(None),))  # type: ignore[arg-type]
        return (_compiled_later, (self.source, self.type, self.variables, self.nodes, self.options,
                                  self.variable_types, self.pos))


def _compiled_later(source: str, typ: str, variables: frozenset[str], nodes: frozenset[str],
                    options: frozenset[str], variable_types: Mapping[str, str], pos: tuple[int, int] | None
                    ) -> Expression:
    """An expression from the cache: parsed on first evaluation, which then replaces itself."""
    expression = Expression(source, typ, _unset, variables, nodes, options, variable_types, pos)

    def first(context: Context) -> object:
        compiled = _Parser(source, variable_types, True, pos)
        _typ, evaluate = compiled.parse()
        object.__setattr__(expression, "evaluate", evaluate)
        return evaluate(context)

    object.__setattr__(expression, "evaluate", first)
    return expression


def _unset(context: Context) -> object:  # pragma: no cover - replaced before anyone can call it
    raise AssertionError("expression not compiled")


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+)
    | (?P<str>"[^"]*"|'[^']*')
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|\(|\)|,)
    )""",
    re.VERBOSE,
)

_BINARY_PRECEDENCE = {
    "or": 1, "and": 2,
    "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "+": 5, "-": 5, "*": 6,
}


def _tokenize(source: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    end = len(source.rstrip())
    if end > MAX_EXPRESSION_CHARS:
        raise ExpressionError(f"De expressie is langer dan {MAX_EXPRESSION_CHARS} tekens; splits haar op of "
                              "gebruik een extra variabele.", MAX_EXPRESSION_CHARS)
    while pos < end:
        if len(tokens) >= MAX_EXPRESSION_TOKENS:
            raise ExpressionError(f"De expressie heeft meer dan {MAX_EXPRESSION_TOKENS} onderdelen; splits haar "
                                  "op of gebruik een extra variabele.", pos)
        match = _TOKEN.match(source, pos)
        if not match or match.end() == pos:
            offset = pos + (len(source[pos:]) - len(source[pos:].lstrip()))
            raise ExpressionError(f'Onbekend teken "{source[offset]}" in de expressie.', offset)
        kind = match.lastgroup or ""
        text = match.group(kind)
        tokens.append((kind, text, match.start(kind)))
        pos = match.end()
    tokens.append(("end", "", len(source)))
    return tokens


class _Parser:
    def __init__(self, source: str, variable_types: Mapping[str, str], functions_ok: bool,
                 pos: tuple[int, int] | None = None) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0
        self.bounded = _bounded(source, pos)
        self.variable_types = variable_types
        self.functions_ok = functions_ok
        self.used_vars: set[str] = set()
        self.used_nodes: set[str] = set()
        self.used_options: set[str] = set()

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def advance(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str) -> tuple[str, str, int]:
        token = self.advance()
        if token[1] != text:
            found = f'"{token[1]}"' if token[1] else "het einde"
            raise ExpressionError(f'Hier verwacht ik "{text}", maar vind {found}.', token[2])
        return token

    def parse(self) -> tuple[str, Evaluator]:
        result = self.expression(0)
        kind, text, offset = self.peek()
        if kind != "end":
            raise ExpressionError(f'Onverwacht "{text}": is hier een "and" of "or" vergeten?', offset)
        return result

    def expression(self, min_precedence: int) -> tuple[str, Evaluator]:
        left = self.unary()
        while True:
            kind, text, offset = self.peek()
            op = text if kind in ("op", "name") else ""
            precedence = _BINARY_PRECEDENCE.get(op)
            if precedence is None or precedence <= min_precedence:
                return left
            self.advance()
            right = self.expression(precedence)
            left = _combine(op, left, right, offset, self.bounded)

    def unary(self) -> tuple[str, Evaluator]:
        kind, text, offset = self.peek()
        self.depth += 1
        try:
            if self.depth > MAX_EXPRESSION_DEPTH:
                raise ExpressionError(f"De expressie is hier meer dan {MAX_EXPRESSION_DEPTH} lagen diep genest "
                                      "(haakjes, not of min-tekens); schrijf haar eenvoudiger.", offset)
            return self.nested_unary(kind, text, offset)
        finally:
            self.depth -= 1

    def nested_unary(self, kind: str, text: str, offset: int) -> tuple[str, Evaluator]:
        if kind == "name" and text == "not":
            self.advance()
            typ, inner = self.expression(3)
            if typ != "bool":
                raise ExpressionError(f'"not" werkt op waar/onwaar, niet op {typ}.', offset)
            return "bool", lambda c: not inner(c)
        if kind == "op" and text == "-":
            self.advance()
            typ, inner = self.unary()
            if typ != "int":
                raise ExpressionError(f'Een min-teken werkt op getallen, niet op {typ}.', offset)
            return "int", lambda c: -inner(c)  # type: ignore[operator]  # |-x| = |x|: stays within the limit
        return self.atom()

    def atom(self) -> tuple[str, Evaluator]:
        kind, text, offset = self.advance()
        if kind == "num":
            if len(text.lstrip("0")) > MAX_INT_DIGITS:
                raise ExpressionError(f"Dit getal heeft meer dan {MAX_INT_DIGITS} cijfers; schrijf een kleiner "
                                      "getal.", offset)
            value = int(text)
            return "int", lambda c: value
        if kind == "str":
            string = text[1:-1]
            return "str", lambda c: string
        if kind == "op" and text == "(":
            inner = self.expression(0)
            self.expect(")")
            return inner
        if kind == "name":
            return self.name(text, offset)
        found = f'"{text}"' if text else "het einde van de expressie"
        raise ExpressionError(f"Hier verwacht ik een waarde, een variabele of '(', maar vind {found}.", offset)

    def name(self, text: str, offset: int) -> tuple[str, Evaluator]:
        if text in ("true", "false", "True", "False"):
            value = text.lower() == "true"
            return "bool", lambda c: value
        if text in ("visited", "chosen") and self.peek()[1] == "(":
            self.advance()
            kind, arg, arg_offset = self.advance()
            if kind != "name":
                raise ExpressionError(f"{text}() verwacht een id, zonder aanhalingstekens.", arg_offset)
            self.expect(")")
            if text == "visited":
                self.used_nodes.add(arg)
                return "bool", lambda c: c.visits.get(arg, 0) > 0
            self.used_options.add(arg)
            return "bool", lambda c: arg in c.chosen_ids
        if text == "turn" and "turn" not in self.variable_types:
            return "int", lambda c: c.turn
        if text in ("and", "or", "not"):
            raise ExpressionError(f'"{text}" staat hier op een plek waar een waarde hoort.', offset)
        typ = self.variable_types.get(text)
        if typ is None:
            from .diagnostics import did_you_mean

            raise ExpressionError(
                f'Onbekende variabele "{text}": declareer hem onder variables.'
                + did_you_mean(text, self.variable_types), offset)
        self.used_vars.add(text)
        return typ, lambda c: c.variables[text]


def _combine(op: str, left: tuple[str, Evaluator], right: tuple[str, Evaluator], offset: int,
             bounded: Callable[[int], int]) -> tuple[str, Evaluator]:
    lt, lf = left
    rt, rf = right
    if op in ("and", "or"):
        if lt != "bool" or rt != "bool":
            raise ExpressionError(f'"{op}" verbindt waar/onwaar-waarden, niet {lt} en {rt}.', offset)
        if op == "and":
            return "bool", lambda c: bool(lf(c)) and bool(rf(c))
        return "bool", lambda c: bool(lf(c)) or bool(rf(c))
    if op in ("==", "!="):
        if lt != rt:
            raise ExpressionError(f'"{op}" vergelijkt {lt} met {rt}: dat is nooit gelijk.', offset)
        if op == "==":
            return "bool", lambda c: lf(c) == rf(c)
        return "bool", lambda c: lf(c) != rf(c)
    if lt != "int" or rt != "int":
        raise ExpressionError(f'"{op}" werkt op getallen, niet op {lt} en {rt}.', offset)
    ops: dict[str, tuple[str, Evaluator]] = {
        "<": ("bool", lambda c: lf(c) < rf(c)),  # type: ignore[operator]
        "<=": ("bool", lambda c: lf(c) <= rf(c)),  # type: ignore[operator]
        ">": ("bool", lambda c: lf(c) > rf(c)),  # type: ignore[operator]
        ">=": ("bool", lambda c: lf(c) >= rf(c)),  # type: ignore[operator]
        "+": ("int", lambda c: bounded(lf(c) + rf(c))),  # type: ignore[operator]
        "-": ("int", lambda c: bounded(lf(c) - rf(c))),  # type: ignore[operator]
        "*": ("int", lambda c: bounded(lf(c) * rf(c))),  # type: ignore[operator]
    }
    return ops[op]


def parse_expression(source: str, variable_types: Mapping[str, str], pos: tuple[int, int] | None = None
                     ) -> Expression:
    """Parse and type-check `source`; raises ExpressionError with an offset into `source`. `pos` (the place of
    the expression in its file) travels with an ExpressionLimitError raised while it is evaluated."""
    if not source.strip():
        raise ExpressionError("De expressie is leeg.", 0)
    parser = _Parser(source, variable_types, True, pos)
    typ, evaluate = parser.parse()
    return Expression(source, typ, evaluate, frozenset(parser.used_vars),
                      frozenset(parser.used_nodes), frozenset(parser.used_options), variable_types, pos)


def literal_expression(value: object) -> Expression:
    """An expression that always yields `value` (a YAML literal in a `set`)."""
    typ = TYPE_NAMES[type(value)]
    return Expression(repr(value), typ, lambda c: value, frozenset(), frozenset(), frozenset())
