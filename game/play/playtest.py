"""Authors' play-test settings: `--set name=value` pairs converted to each variable's declared type."""

from __future__ import annotations


def parse_sets(pairs: list[str] | None, types: dict[str, str]) -> dict[str, object]:
    """{name: typed value}; raises ValueError with a message for the author when a pair does not fit."""
    result: dict[str, object] = {}
    for pair in pairs or []:
        name, sep, raw = pair.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or name not in types:
            known = ", ".join(types) or "geen"
            raise ValueError(f'--set {pair}: onbekende variabele "{name}". Gedeclareerd: {known}.')
        typ = types[name]
        if typ == "bool":
            if raw.lower() not in ("true", "false"):
                raise ValueError(f"--set {pair}: {name} is true of false.")
            result[name] = raw.lower() == "true"
        elif typ == "int":
            try:
                result[name] = int(raw)
            except ValueError:
                raise ValueError(f"--set {pair}: {name} is een geheel getal.") from None
        else:
            result[name] = raw
    return result
