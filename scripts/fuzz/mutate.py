"""Mutations of the files SwiftRL reads, for scripts/fuzz.sh (standard library only).

A mutation is a function `(data: bytes, ctx) -> Mutant`. `ctx.rng` is the case's own seeded
random generator; `ctx.pick(n)` is an index into a list of n variants that walks through all n of
them, in a seeded order, as the same (artifact, mutation) pair comes round again with a larger case
number, so a long run (10,000 cases) covers many fields and values without repeating itself.

A Mutant carries the new bytes, a one-line label naming exactly what changed, and `shape`: True
when the edit changes a size (an array's length, a hidden size, a `*_DIM`), which a policy or a
header must refuse. `FAMILIES` maps each kind of file to its mutation families.
"""
from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass

INT64_MAX = 9223372036854775807
NUMERIC_VALUES = ("0", "-1", str(INT64_MAX), "1e308", "NaN", "twice")
YAML_VALUES = NUMERIC_VALUES + (".nan",)
TEN_MB = 10 * 1024 * 1024


@dataclass
class Mutant:
    data: bytes
    label: str
    shape: bool = False


class NoVariant(Exception):
    """The file offers nothing for this mutation (for example, no numeric field)."""


def choose(ctx, variants):
    if not variants:
        raise NoVariant()
    return variants[ctx.pick(len(variants))]


# ---------------------------------------------------------------------------------------------
# Any file: bit flips and truncations.

def bit_flip(data, ctx, start=0, end=None):
    end = len(data) if end is None else end
    if end <= start:
        raise NoVariant()
    out = bytearray(data)
    count = ctx.rng.choice((1, 1, 2, 8))
    offsets = sorted(ctx.rng.randrange(start, end) for _ in range(count))
    for offset in offsets:
        out[offset] ^= 1 << ctx.rng.randrange(8)
    return Mutant(bytes(out), f"bit-flip of {count} bit(s), first at byte {offsets[0]}")


def truncate(data, ctx):
    if not data:
        raise NoVariant()
    offset = ctx.rng.randrange(len(data))
    return Mutant(data[:offset], f"truncated to {offset} of {len(data)} bytes")


# ---------------------------------------------------------------------------------------------
# Numbers as text.

DECIMAL = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
HEX_FLOAT = r"-?0x[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?p[-+]?\d+"
TEXT_NUMBER = re.compile(r"(?<![\w.])" + DECIMAL + r"(?![\w.])")
C_NUMBER = re.compile(r"(?<![\w.])(?:" + HEX_FLOAT + "|" + DECIMAL + r")f?(?![\w.])")


def doubled(token):
    """The token's number times two, written the way the token is."""
    suffix = "f" if token.endswith("f") and ("p" in token or re.fullmatch(DECIMAL + "f", token)) else ""
    body = token[:-1] if suffix else token
    if "0x" in body.lower():
        return float.hex(2 * float.fromhex(body)) + suffix
    if re.fullmatch(r"[-+]?\d+", body):
        return str(2 * int(body)) + suffix
    return repr(2 * float(body)) + suffix


def spelled(value, token, nan="NaN"):
    if value == "twice":
        return doubled(token)
    if value == "NaN":
        return nan
    return value


def replace_span(text, start, end, new):
    return text[:start] + new + text[end:]


def text_number(data, ctx):
    """Any decimal number in a text file (metrics.csv, an unknown checkpoint file)."""
    text = data.decode("utf-8", "replace")
    matches = list(TEXT_NUMBER.finditer(text))
    if not matches:
        raise NoVariant()
    match = matches[ctx.rng.randrange(len(matches))]
    value = choose(ctx, NUMERIC_VALUES)
    new = spelled(value, match.group())
    return Mutant(replace_span(text, match.start(), match.end(), new).encode(),
                  f"number '{match.group()}' at char {match.start()} -> {new}")


def csv_shape(data, ctx):
    lines = data.decode("utf-8", "replace").split("\n")
    variants = ["drop a column", "add a column", "drop the header", "drop the last row", "duplicate a row"]
    variant = choose(ctx, variants)
    if variant == "drop a column":
        column = ctx.rng.randrange(max(1, lines[0].count(",") + 1))
        lines = [",".join(c for i, c in enumerate(line.split(",")) if i != column) if line else line for line in lines]
    elif variant == "add a column":
        lines = [line + ",1" if line else line for line in lines]
    elif variant == "drop the header":
        lines = lines[1:]
    elif variant == "drop the last row":
        rows = [line for line in lines if line]
        lines = rows[:-1] + [""]
    else:
        lines.insert(1, lines[min(1, len(lines) - 1)])
    return Mutant("\n".join(lines).encode(), f"csv: {variant}", shape=True)


def big_file(data, ctx):
    """A 10 MB file: the original with 10 MB of repeated lines or one 10 MB line appended."""
    variant = choose(ctx, ["repeat the last line", "one 10 MB line", "10 MB of NUL bytes"])
    if variant == "repeat the last line":
        line = (data.rstrip(b"\n").split(b"\n")[-1] or b"1") + b"\n"
        return Mutant(data + line * (TEN_MB // len(line)), f"10 MB: {variant}", shape=True)
    if variant == "one 10 MB line":
        return Mutant(data + b"9" * TEN_MB + b"\n", f"10 MB: {variant}", shape=True)
    return Mutant(data + b"\0" * TEN_MB, f"10 MB: {variant}", shape=True)


# ---------------------------------------------------------------------------------------------
# JSON (checkpoint.json, policy.json, summary.json, the safetensors header).

SHAPE_FIELDS = re.compile(r"hiddenSizes|inputSize|outputSize|\.shape\b|data_offsets")
SIZE_FIELDS = re.compile(r"capacity|count|position|[sS]ize|steps|episodes|updates|length", re.I)


def dump_json(value, compact=False):
    if compact:
        return json.dumps(value, separators=(",", ":")).encode()
    return json.dumps(value, indent=2, separators=(",", " : ")).encode()


def walk(value, path=""):
    """Yields (path, container, key, value) for every node below the root."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        child_path = f"{path}.{key}" if isinstance(value, dict) else f"{path}[{key}]"
        yield child_path, value, key, child
        yield from walk(child, child_path)


def field_class(path):
    """The path without its indices: all elements of one array form one class."""
    return re.sub(r"\[\d+\]", "[]", path)


def grouped(nodes):
    groups = {}
    for node in nodes:
        groups.setdefault(field_class(node[0]), []).append(node)
    return list(groups.values())


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def json_value(value, old):
    if value == "twice":
        return 2 * old
    if value == "NaN":
        return float("nan")
    return float(value) if value == "1e308" else int(value)


def json_number(data, ctx, compact=False):
    """One numeric field (a class of fields chosen first, so rare fields are not drowned by weights)
    set to 0, -1, 2^63-1, 1e308, NaN or twice its value."""
    root = json.loads(data)
    classes = grouped([node for node in walk(root) if is_number(node[3])])
    group, value = choose(ctx, [(g, v) for g in classes for v in NUMERIC_VALUES])
    path, container, key, old = group[ctx.rng.randrange(len(group))]
    container[key] = json_value(value, old)
    return Mutant(dump_json(root, compact), f"{path} = {container[key]!r} (was {old!r})",
                  shape=bool(SHAPE_FIELDS.search(path)))


def json_shape(data, ctx, compact=False):
    """An array made one element shorter or longer, emptied, or given a nested element."""
    root = json.loads(data)
    arrays = [node for node in walk(root) if isinstance(node[3], list)]
    ops = ["drop an element", "duplicate an element", "empty it", "nest an element"]
    group, op = choose(ctx, [(g, op) for g in grouped(arrays) for op in ops])
    path, container, key, array = group[ctx.rng.randrange(len(group))]
    if not array and op != "duplicate an element":
        raise NoVariant()
    index = ctx.rng.randrange(len(array)) if array else 0
    if op == "drop an element":
        del array[index]
    elif op == "duplicate an element":
        array.insert(index, array[index] if array else 0)
    elif op == "empty it":
        array.clear()
    else:
        array[index] = [array[index]]
    return Mutant(dump_json(root, compact), f"{path}: {op} (index {index})", shape=True)


def json_huge(data, ctx, compact=False):
    """Sizes far too large: hidden sizes [100000, 100000], size-like fields 10^9, an array repeated
    1,000 times, a 10 MB string."""
    root = json.loads(data)
    nodes = list(walk(root))
    variants = [("hidden", n) for n in nodes if n[0].endswith("hiddenSizes")]
    variants += [("size", n) for n in nodes if is_number(n[3]) and SIZE_FIELDS.search(n[0].rsplit(".", 1)[-1])]
    variants += [("repeat", n) for n in nodes if isinstance(n[3], list) and n[3]]
    variants += [("string", n) for n in nodes if isinstance(n[3], str)]
    kind, (path, container, key, old) = choose(ctx, variants)
    if kind == "hidden":
        container[key] = [100000, 100000]
        label, shape = f"{path} = [100000, 100000]", True
    elif kind == "size":
        container[key] = 1000000000
        label, shape = f"{path} = 1000000000 (was {old})", bool(SHAPE_FIELDS.search(path))
    elif kind == "repeat":
        container[key] = old * max(1000, TEN_MB // (len(json.dumps(old)) + 1))
        label, shape = f"{path} repeated to {len(container[key])} elements", True
    else:
        container[key] = "x" * TEN_MB
        label, shape = f"{path} = a 10 MB string", False
    return Mutant(dump_json(root, compact), label, shape)


def json_bomb(data, ctx, compact=False):
    """A value replaced by deeply nested arrays or objects."""
    root = json.loads(data)
    nodes = [n for n in walk(root) if not isinstance(n[3], (list, dict))]
    style, depth = choose(ctx, [(s, d) for s in ("array", "object") for d in (1000, 100000, 1000000)])
    if not nodes:
        raise NoVariant()
    path, container, key, _ = nodes[ctx.rng.randrange(len(nodes))]
    container[key] = "__FUZZ_BOMB__"
    bomb = "[" * depth + "]" * depth if style == "array" else '{"a":' * depth + "0" + "}" * depth
    text = dump_json(root, compact).replace(b'"__FUZZ_BOMB__"', bomb.encode(), 1)
    return Mutant(text, f"{path} = {style}s nested {depth} deep")


# ---------------------------------------------------------------------------------------------
# safetensors: an 8-byte little-endian header length, a JSON header, then the tensor bytes.

def split_safetensors(data):
    if len(data) < 8:
        raise NoVariant()
    length = struct.unpack_from("<Q", data)[0]
    if 8 + length > len(data):
        raise NoVariant()
    return data[8:8 + length], data[8 + length:]


def join_safetensors(header, rest):
    return struct.pack("<Q", len(header)) + header + rest


def on_safetensors_header(json_mutation):
    def mutation(data, ctx):
        header, rest = split_safetensors(data)
        mutant = json_mutation(header, ctx, compact=True)
        return Mutant(join_safetensors(mutant.data, rest), "header: " + mutant.label, mutant.shape)
    mutation.__name__ = "header_" + json_mutation.__name__
    return mutation


def safetensors_bit_flip_header(data, ctx):
    header, _ = split_safetensors(data)
    mutant = bit_flip(data, ctx, 8, 8 + len(header))
    return Mutant(mutant.data, "header " + mutant.label)


def safetensors_length(data, ctx):
    """The header length prefix set to 0, -1 (2^64-1), 2^63-1, twice, one more or one less."""
    header, rest = split_safetensors(data)
    n = len(header)
    variants = [("0", 0), ("-1", 2**64 - 1), ("2^63-1", INT64_MAX), ("twice", 2 * n), ("+1", n + 1), ("-1 byte", n - 1)]
    name, length = choose(ctx, variants)
    return Mutant(struct.pack("<Q", length) + header + rest, f"header length = {length} ({name}, was {n})")


def safetensors_huge(data, ctx):
    """A tensor of shape [100000, 100000] whose offsets claim 40 GB."""
    header, rest = split_safetensors(data)
    root = json.loads(header)
    names = [name for name in root if name != "__metadata__"]
    name = choose(ctx, names)
    begin = root[name]["data_offsets"][0]
    root[name]["shape"] = [100000, 100000]
    root[name]["data_offsets"] = [begin, begin + 4 * 100000 * 100000]
    return Mutant(join_safetensors(dump_json(root, True), rest), f"header: {name} shape [100000, 100000], 40 GB of offsets", True)


# ---------------------------------------------------------------------------------------------
# YAML configurations: flat files with one level of sections, as SwiftRL writes them.

YAML_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z_][\w.]*):[ \t]*(?P<value>[^#\n]*?)[ \t]*(?:#.*)?$", re.M)
FLOW_ITEM = re.compile(r"[^\[\],\s][^\[\],]*")


def yaml_fields(text):
    """(path, start, end, token) of every numeric scalar, including the elements of flow lists."""
    fields, section = [], ""
    for line in YAML_LINE.finditer(text):
        key, value = line.group("key"), line.group("value")
        if not line.group("indent"):
            section = key if not value else ""
        path = f"{section}.{key}" if line.group("indent") and section else key
        start = line.start("value")
        if re.fullmatch(DECIMAL, value):
            fields.append((path, start, start + len(value), value))
        elif value.startswith("["):
            for i, item in enumerate(FLOW_ITEM.finditer(value)):
                token = item.group().strip()
                if re.fullmatch(DECIMAL, token):
                    fields.append((f"{path}[{i}]", start + item.start(), start + item.start() + len(token), token))
    return fields


def yaml_get(text, key):
    fields = {f[0]: f[3] for f in yaml_fields(text)}
    for line in YAML_LINE.finditer(text):
        if line.group("key") == key.rpartition(".")[2]:
            return line.group("value")
    return fields.get(key)


def yaml_set(text, key, value):
    """Sets `key` or `section.key` to the YAML text `value`, adding the key (and section) if absent."""
    section, _, name = key.rpartition(".")
    lines = text.rstrip("\n").split("\n")
    if not section:
        for i, line in enumerate(lines):
            if re.match(rf"{re.escape(name)}:", line):
                lines[i] = f"{name}: {value}"
                return "\n".join(lines) + "\n"
        return "\n".join(lines + [f"{name}: {value}"]) + "\n"
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(section)}:\s*$", line)), None)
    if start is None:
        return "\n".join(lines + [f"{section}:", f"  {name}: {value}"]) + "\n"
    i = start + 1
    while i < len(lines) and (lines[i].startswith(" ") or not lines[i].strip()):
        if re.match(rf"\s+{re.escape(name)}:", lines[i]):
            lines[i] = f"  {name}: {value}"
            return "\n".join(lines) + "\n"
        i += 1
    lines.insert(start + 1, f"  {name}: {value}")
    return "\n".join(lines) + "\n"


def algorithm_of(text):
    match = re.search(r"^algorithm:\s*(\w+)", text, re.M)
    return match.group(1) if match else "sac"


def yaml_number(data, ctx):
    """One numeric field set to 0, -1, 2^63-1, 1e308, NaN, .nan or twice its value."""
    text = data.decode()
    field, value = choose(ctx, [(f, v) for f in yaml_fields(text) for v in YAML_VALUES])
    path, start, end, token = field
    new = spelled(value, token)
    return Mutant(replace_span(text, start, end, new).encode(), f"{path} = {new} (was {token})")


TAGS = ("!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!seq", "!!map", "!custom")


def yaml_tag(data, ctx):
    """A numeric field given a tag (`!!str 0.5` and friends)."""
    text = data.decode()
    field, tag = choose(ctx, [(f, t) for f in yaml_fields(text) for t in TAGS + ("!!str 0.5",)])
    path, start, end, token = field
    new = tag if tag == "!!str 0.5" else f"{tag} {token}"
    return Mutant(replace_span(text, start, end, new).encode(), f"{path} = {new}")


def yaml_shape(data, ctx):
    """actor/critic hidden_sizes one layer shorter or longer, empty, zero, negative or nested."""
    text = data.decode()
    key, op = choose(ctx, [(k, op) for k in ("actor.hidden_sizes", "critic.hidden_sizes")
                           for op in ("drop a layer", "add a layer", "[]", "[0]", "[-1]", "[[64]]", "64", "{a: 1}", "[64, 64")])
    current = yaml_get(text, key) or "[64, 64]"
    sizes = re.findall(r"-?\d+", current) or ["64", "64"]
    if op == "drop a layer":
        new = "[" + ", ".join(sizes[:-1]) + "]"
    elif op == "add a layer":
        new = "[" + ", ".join(sizes + [sizes[-1]]) + "]"
    else:
        new = op
    return Mutant(yaml_set(text, key, new).encode(), f"{key} = {new} (was {current})")


HUGE_KEYS = {
    "ppo": [("actor.hidden_sizes", "[100000, 100000]"), ("critic.hidden_sizes", "[100000, 100000]"),
            ("num_envs", "1000000000"), ("steps_per_env", "1000000000"), ("batch_size", "100000000"),
            ("epochs", "1000000000"), ("evaluation.episodes", "1000000000"), ("horizon", "1000000000")],
    "off-policy": [("actor.hidden_sizes", "[100000, 100000]"), ("critic.hidden_sizes", "[100000, 100000]"),
                   ("batch_size", "100000000"), ("replay_capacity", "1000000000"),
                   ("warmup_steps", "1000000000"), ("evaluation.episodes", "1000000000"),
                   ("actor.hidden_sizes", "[" + ", ".join(["64"] * 10000) + "]")],
}


def yaml_huge(data, ctx):
    """A size far too large for the machine (hidden sizes, batch size, replay capacity, envs...)."""
    text = data.decode()
    group = "ppo" if algorithm_of(text) == "ppo" else "off-policy"
    key, value = choose(ctx, HUGE_KEYS[group])
    shown = value if len(value) < 40 else f"[64 x {value.count(',') + 1}]"
    return Mutant(yaml_set(text, key, value).encode(), f"{key} = {shown}")


def billion_laughs(levels=9, width=10):
    """A flow sequence whose last element expands to width^levels scalars."""
    parts = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def yaml_bomb(data, ctx):
    """Billion laughs (in a known key, an unknown key, a mapping key) and deep nesting."""
    text = data.decode()
    variants = ["laughs in stop_conditions", "laughs in actor.hidden_sizes", "laughs in an unknown key",
                "alias expanded as a mapping key", "alias as a flow mapping key", "alias merged with <<",
                "flow sequences 100000 deep", "flow mappings 100000 deep", "flow sequences 1000 deep",
                "block mappings 1000 deep"]
    variant = choose(ctx, variants)
    laughs = billion_laughs()
    if variant == "laughs in stop_conditions":
        text = yaml_set(text, "stop_conditions", laughs)
    elif variant == "laughs in actor.hidden_sizes":
        text = yaml_set(text, "actor.hidden_sizes", laughs)
    elif variant == "laughs in an unknown key":
        text = text + f"lol: {laughs}\n"
    elif variant == "alias expanded as a mapping key":
        text = text + f"lol: {laughs}\n? *a8\n: 1\n"
    elif variant == "alias as a flow mapping key":
        text = yaml_set(text, "stop_conditions", laughs) + "lol: {*a8 : 1}\n"
    elif variant == "alias merged with <<":
        text = text.replace("\n", f"\nanchor: &m {{lol: {laughs}}}\n", 1) + "<<: *m\n"
    elif variant.startswith("flow sequences"):
        depth = int(variant.split()[2])
        text = yaml_set(text, "stop_conditions", "[" * depth + "]" * depth)
    elif variant.startswith("flow mappings"):
        text = yaml_set(text, "stop_conditions", "{a: " * 100000 + "1" + "}" * 100000)
    else:
        text = text + "".join(" " * i + "a:\n" for i in range(1000)) + " " * 1000 + "a: 1\n"
    return Mutant(text.encode(), f"YAML bomb: {variant}")


def yaml_big(data, ctx):
    """A 10 MB configuration."""
    text = data.decode()
    variants = ["10 MB comment", "10 MB string value", "10 MB flow list of hidden sizes", "10 MB of unknown keys",
                "a 10 MB number", "10 MB of blank lines"]
    variant = choose(ctx, variants)
    if variant == "10 MB comment":
        text = text + "# " + "x" * TEN_MB + "\n"
    elif variant == "10 MB string value":
        text = yaml_set(text, "environment", '"' + "x" * TEN_MB + '"')
    elif variant == "10 MB flow list of hidden sizes":
        text = yaml_set(text, "actor.hidden_sizes", "[" + ", ".join(["1"] * (TEN_MB // 3)) + "]")
    elif variant == "10 MB of unknown keys":
        text = text + "".join(f"k{i}: {i}\n" for i in range(TEN_MB // 12))
    elif variant == "a 10 MB number":
        text = yaml_set(text, "seed", "1" * TEN_MB)
    else:
        text = "\n" * TEN_MB + text
    return Mutant(text.encode(), variant)


def yaml_structure(data, ctx):
    """Valid-looking YAML that is not the expected document."""
    text = data.decode()
    variants = ["duplicate key", "second document", "byte-order mark", "CRLF line endings", "tab indentation",
                "empty file", "top-level sequence", "key without value", "section as a scalar",
                "section aliased to another", "stop condition without fields", "unknown stop condition"]
    variant = choose(ctx, variants)
    first = text.split("\n", 1)[0] if not text.startswith("#") else re.search(r"^\w+:.*$", text, re.M).group()
    if variant == "duplicate key":
        text = text + first.split(":")[0] + ": 2\n"
    elif variant == "second document":
        text = text + "---\nseed: 2\n"
    elif variant == "byte-order mark":
        text = "\ufeff" + text
    elif variant == "CRLF line endings":
        text = text.replace("\n", "\r\n")
    elif variant == "tab indentation":
        text = yaml_set(text, "evaluation.episodes", "1").replace("\n  ", "\n\t")
    elif variant == "empty file":
        text = ""
    elif variant == "top-level sequence":
        text = "- " + text.replace("\n", "\n  ")
    elif variant == "key without value":
        text = yaml_set(text, "seed", "")
    elif variant == "section as a scalar":
        text = re.sub(r"^evaluation:\s*$(\n  .*)*", "evaluation: 5", text, flags=re.M) if "evaluation:" in text \
            else text + "evaluation: 5\n"
    elif variant == "section aliased to another":
        text = re.sub(r"^actor:\s*$(\n  .*)*", "", text, flags=re.M)
        text = text.replace("\n", "\nactor: &net\n  hidden_sizes: [8]\n", 1) + "critic: *net\n"
        text = re.sub(r"^critic:\s*$(\n  .*)*", "", text, count=1, flags=re.M)
    elif variant == "stop condition without fields":
        text = yaml_set(text, "stop_conditions", "[{kind: plateaus}]")
    else:
        text = yaml_set(text, "stop_conditions", "[{kind: bogus, value: 1}]")
    return Mutant(text.encode(), f"YAML structure: {variant}")


# ---------------------------------------------------------------------------------------------
# Exported C headers.

DEFINE = re.compile(r"^#define \w+?_(INPUT_DIM|OUTPUT_DIM|EXAMPLE_COUNT|OBSERVATION_CLIP) (\S+)$", re.M)
ARRAY = re.compile(r"static const float (\w+)\[(\d+)\][^=]*= \{(?P<body>[^}]*)\};")
METADATA = re.compile(r"^ \* swiftrl-([\w-]+): (.*)$", re.M)
SHAPE_METADATA = ("layers", "example-count")


def c_value(value, token):
    return spelled(value, token, nan="NAN")


def header_define(data, ctx):
    """`#define ..._DIM N` (a shape: must be refused) or the observation clip set to a value."""
    text = data.decode()
    match, value = choose(ctx, [(m, v) for m in DEFINE.finditer(text) for v in NUMERIC_VALUES])
    new = c_value(value, match.group(2))
    return Mutant(replace_span(text, match.start(2), match.end(2), new).encode(),
                  f"#define {match.group(1)} {new} (was {match.group(2)})", shape=match.group(1) != "OBSERVATION_CLIP")


def header_array_length(data, ctx):
    """The declared length of one array, `name[N]`: a shape edit."""
    text = data.decode()
    match, value = choose(ctx, [(m, v) for m in ARRAY.finditer(text) for v in NUMERIC_VALUES + ("1000000000",)])
    new = c_value(value, match.group(2))
    return Mutant(replace_span(text, match.start(2), match.end(2), new).encode(),
                  f"{match.group(1)}[{new}] (was {match.group(2)})", shape=True)


def initializer_numbers(text, match):
    body_start = match.start("body")
    return [(body_start + m.start(), body_start + m.end(), m.group()) for m in C_NUMBER.finditer(match.group("body"))]


def header_element(data, ctx):
    """One weight (or bound, mean, example) set to a value: may be accepted, must not crash."""
    text = data.decode()
    match, value = choose(ctx, [(m, v) for m in ARRAY.finditer(text) for v in NUMERIC_VALUES])
    numbers = initializer_numbers(text, match)
    if not numbers:
        raise NoVariant()
    start, end, token = numbers[ctx.rng.randrange(len(numbers))]
    new = c_value(value, token)
    return Mutant(replace_span(text, start, end, new).encode(), f"{match.group(1)} element {token} -> {new}")


def header_shape(data, ctx):
    """An initializer one element shorter or longer than its declared length."""
    text = data.decode()
    match, op = choose(ctx, [(m, op) for m in ARRAY.finditer(text) for op in ("drop an element", "duplicate an element")])
    numbers = initializer_numbers(text, match)
    if not numbers:
        raise NoVariant()
    start, end, token = numbers[ctx.rng.randrange(len(numbers))]
    if op == "drop an element":
        tail = re.match(r",\s*", text[end:])
        text = text[:start] + text[end + (tail.end() if tail else 0):]
    else:
        text = text[:start] + token + ", " + text[start:]
    return Mutant(text.encode(), f"{match.group(1)}: {op} ({token})", shape=True)


def header_metadata(data, ctx):
    """A number in the `swiftrl-*` comment lines (layers and example count are shapes)."""
    text = data.decode()
    fields = []
    for match in METADATA.finditer(text):
        for number in C_NUMBER.finditer(match.group(2)):
            fields.append((match.group(1), match.start(2) + number.start(), match.start(2) + number.end(), number.group()))
    (name, start, end, token), value = choose(ctx, [(f, v) for f in fields for v in NUMERIC_VALUES])
    new = c_value(value, token)
    return Mutant(replace_span(text, start, end, new).encode(), f"swiftrl-{name}: {token} -> {new}",
                  shape=name in SHAPE_METADATA)


def header_huge(data, ctx):
    """Huge sizes: a layer of 100000 units declared, 10^9 inputs, an array repeated to 10 MB."""
    text = data.decode()
    variant = choose(ctx, ["layers 100000 wide", "INPUT_DIM and layer 0 of 10^9 inputs", "an array repeated to 10 MB"])
    if variant == "layers 100000 wide":
        text = re.sub(r"(swiftrl-layers: \d+) \d+ \d+", r"\1 100000 100000", text)
    elif variant == "INPUT_DIM and layer 0 of 10^9 inputs":
        text = re.sub(r"(_INPUT_DIM) \d+", r"\1 1000000000", text)
        text = re.sub(r"(layer0_weights)\[\d+\]", r"\1[64000000000]", text)
        text = re.sub(r"(swiftrl-layers:) \d+", r"\1 1000000000", text)
    else:
        match = choose(ctx, list(ARRAY.finditer(text)))
        body = match.group("body").rstrip()
        repeated = (body.rstrip(",") + ",") * max(1, TEN_MB // max(1, len(body)))
        text = text[:match.start("body")] + repeated + "\n" + text[match.end("body"):]
    return Mutant(text.encode(), f"huge: {variant}", shape=True)


# ---------------------------------------------------------------------------------------------

FAMILIES = {
    "json": {"bit-flip": bit_flip, "truncate": truncate, "number": json_number, "shape": json_shape,
             "huge": json_huge, "bomb": json_bomb},
    "safetensors": {"bit-flip": bit_flip, "bit-flip-header": safetensors_bit_flip_header, "truncate": truncate,
                    "header-number": on_safetensors_header(json_number), "header-shape": on_safetensors_header(json_shape),
                    "header-length": safetensors_length, "huge": safetensors_huge,
                    "header-bomb": on_safetensors_header(json_bomb)},
    "text": {"bit-flip": bit_flip, "truncate": truncate, "number": text_number, "big": big_file},
    "csv": {"bit-flip": bit_flip, "truncate": truncate, "number": text_number, "shape": csv_shape, "big": big_file},
    "yaml": {"bit-flip": bit_flip, "truncate": truncate, "number": yaml_number, "tag": yaml_tag, "shape": yaml_shape,
             "huge": yaml_huge, "bomb": yaml_bomb, "big": yaml_big, "structure": yaml_structure},
    "header": {"bit-flip": bit_flip, "truncate": truncate, "define": header_define, "array-length": header_array_length,
               "element": header_element, "shape": header_shape, "metadata": header_metadata, "huge": header_huge},
}


def file_type(name):
    """Which FAMILIES entry mutates a file, from its name."""
    if name.endswith(".json"):
        return "json"
    if name.endswith(".safetensors"):
        return "safetensors"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".h"):
        return "header"
    if name.endswith(".csv"):
        return "csv"
    return "text"
