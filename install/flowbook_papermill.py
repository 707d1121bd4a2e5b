"""Papermill parameters for Flowbook notebooks: JavaTranslator turns them into typed Java declarations.

`papermill in.ipynb out.ipynb -k flowbook -p n 5 -p name "Ada"` puts a cell after the one tagged
`parameters` with

    // Parameters
    int n = 5;
    String name = "Ada";

JShell lets a later declaration replace an earlier one of the same name, so these override the
notebook's defaults. Types: int (long, BigInteger when larger), double (Double.NaN and the
infinities included), boolean, String (escaped for a Java literal), Object for null, List<T> and
Map<K, V> with T, K and V the narrowest type every element has (Integer, Long, Double, String,
Boolean, a nested List/Map, else Object). Maps keep the order they were given in (a LinkedHashMap).

Papermill has an entry point group for engines (`papermill.engine`), which it loads when it is
imported, and none for translators: so this module is also the engine `flowbook` (papermill's own
nbclient engine, unchanged), and loading it registers the translator for the kernel name
`flowbook` and the language `java`. install/kernelspec.py installs it with its entry point where the
Python that drives Jupyter has papermill.
"""

import math
import re


def __getattr__(name):
    # Imported before papermill, this module imports papermill below, whose engine registry then
    # loads this module's entry point while the module is half-imported: the engine it asks for is
    # papermill's own nbclient engine, which FlowbookEngine leaves unchanged.
    if name == "FlowbookEngine":
        from papermill.engines import NBClientEngine as engine

        return engine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


from papermill.engines import NBClientEngine  # noqa: E402 (after __getattr__, see there)
from papermill.models import Parameter  # noqa: E402
from papermill.translators import Translator, papermill_translators  # noqa: E402

INT_RANGE = (-(2**31), 2**31 - 1)
LONG_RANGE = (-(2**63), 2**63 - 1)
NUMBER_TYPES = ("Integer", "Long", "Double")
PRIMITIVE = {"Integer": "int", "Long": "long", "Double": "double", "Boolean": "boolean"}
# Control characters with a short escape; others are written in octal, never as \\uXXXX, which
# javac turns into the character itself before reading the literal (a \\u000a would end the line).
ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
DECLARATION = re.compile(r"^\s*(?:final\s+)?([\w.<>,\s?\[\]]+?)\s+([A-Za-z_$][\w$]*)\s*=\s*(.+?);\s*(?://\s*(.*))?$")


def java_type(value):
    """The boxed Java type of a parameter value, as an element of a collection."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        if INT_RANGE[0] <= value <= INT_RANGE[1]:
            return "Integer"
        return "Long" if LONG_RANGE[0] <= value <= LONG_RANGE[1] else "java.math.BigInteger"
    if isinstance(value, float):
        return "Double"
    if isinstance(value, str):
        return "String"
    if isinstance(value, dict):
        return f"Map<{common_type(value.keys())}, {common_type(value.values())}>"
    if isinstance(value, (list, tuple)):
        return f"List<{common_type(value)}>"
    return "String"  # anything else papermill passes is written as its text


def common_type(values):
    """The narrowest type that every non-null value has: one type, a wider number, else Object."""
    types = {java_type(v) for v in values} - {None}
    if len(types) == 1:
        return types.pop()
    if types and types <= set(NUMBER_TYPES):
        return "Double" if "Double" in types else "Long"
    return "Object"


class JavaTranslator(Translator):
    """Parameters as Java declarations for the Flowbook kernel (JShell)."""

    @classmethod
    def translate_escaped_str(cls, str_val):
        text = str(str_val)
        out = []
        for ch in text:
            if ch in ESCAPES:
                out.append(ESCAPES[ch])
            elif ord(ch) < 0x20 or ord(ch) == 0x7F:
                out.append(f"\\{ord(ch):o}")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'

    @classmethod
    def translate_none(cls, val):
        return "null"

    @classmethod
    def translate_int(cls, val):
        return cls.render(val, java_type(val))

    @classmethod
    def translate_float(cls, val):
        return cls.render(val, "Double")

    @classmethod
    def translate_list(cls, val):
        return cls.render(val, java_type(val))

    @classmethod
    def translate_dict(cls, val):
        return cls.render(val, java_type(val))

    @classmethod
    def render(cls, value, target):
        """value as a Java expression of type target (a boxed type, List<...>, Map<...> or Object)."""
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            if target == "Double":
                return repr(float(value))
            if target == "Long" or (LONG_RANGE[0] <= value <= LONG_RANGE[1] and not INT_RANGE[0] <= value <= INT_RANGE[1]):
                return f"{value}L"
            if not LONG_RANGE[0] <= value <= LONG_RANGE[1]:
                return f'new java.math.BigInteger("{value}")'
            return str(value)
        if isinstance(value, float):
            if math.isnan(value):
                return "Double.NaN"
            if math.isinf(value):
                return "Double.POSITIVE_INFINITY" if value > 0 else "Double.NEGATIVE_INFINITY"
            return repr(value)
        if isinstance(value, str):
            return cls.translate_escaped_str(value)
        if isinstance(value, (list, tuple)):
            element = common_type(value)
            items = ", ".join(cls.render(v, element) for v in value)
            if any(v is None for v in value):  # List.of refuses null elements
                return f"Arrays.<{element}>asList({items})"
            return f"List.<{element}>of({items})"
        if isinstance(value, dict):
            key, element = common_type(value.keys()), common_type(value.values())
            pairs = ", ".join(f"{{{cls.render(k, key)}, {cls.render(v, element)}}}" for k, v in value.items())
            # One expression (it may sit inside a list) that keeps the order and allows null values.
            return (f"Stream.of(new Object[][] {{{pairs}}}).collect(LinkedHashMap<{key}, {element}>::new, "
                    f"(map$, entry$) -> map$.put(({key}) entry$[0], ({element}) entry$[1]), Map::putAll)")
        return cls.translate_escaped_str(value)

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def declaration(cls, name, value):
        """`type name = value;` with a primitive type for a number or boolean, Object for null."""
        if not re.fullmatch(r"[A-Za-z_$][\w$]*", name):
            raise ValueError(f"parameter name {name!r} is not a Java identifier: use letters, digits, _ or $")
        boxed = java_type(value)
        declared = PRIMITIVE.get(boxed, boxed or "Object")
        return f"{declared} {name} = {cls.render(value, boxed or 'Object')};"

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        lines = [cls.comment(comment)]
        lines += [cls.declaration(name, value) for name, value in parameters.items()]
        return "\n".join(lines) + "\n"

    @classmethod
    def inspect(cls, parameters_cell):
        """The declarations `type name = value;` of the cell tagged parameters, one a line (`papermill --help-notebook`)."""
        found = []
        for line in parameters_cell.source.splitlines():
            match = DECLARATION.match(line)
            if match and not line.lstrip().startswith("//"):
                type_name, name, default, help_text = match.groups()
                found.append(Parameter(name=name, inferred_type_name=" ".join(type_name.split()),
                                       default=default.strip(), help=(help_text or "").strip()))
        return found


class FlowbookEngine(NBClientEngine):
    """Papermill's nbclient engine, unchanged: the entry point through which papermill loads this module."""


papermill_translators.register("java", JavaTranslator)
papermill_translators.register("flowbook", JavaTranslator)
