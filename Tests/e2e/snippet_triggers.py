"""The triggers the snippet tests generate code for: every attribute type, every keyword of each
language as an attribute name, and hostile texts meant to break out of comments, literals and first lines."""
import keyword
import re

LANGUAGES = ["python", "curl", "javascript", "csharp", "swift", "kotlin"]  # quick ones first
EXTENSIONS = {"python": "py", "curl": "sh", "javascript": "html", "csharp": "cs", "swift": "swift", "kotlin": "kt"}
COMPILED = ("kotlin", "swift", "csharp")  # compile order: slowest first
INSTALL_HINT = "scripts/install-test-deps installs the snippet toolchains (CI runs it)"
COMPILE_TIMEOUT = 300
RUN_TIMEOUT = 90
PAGE_TIMEOUT = 30

ALL_TYPES = "snippet_all_types"
MAXIMUM_ATTRIBUTES = 100  # a trigger's limit
PEP_263 = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")

# Every keyword of each language as its specification lists them; Python's from its own `keyword` module
# (attribute names match ^[A-Za-z][A-Za-z0-9_]*$, which leaves out only its soft keyword `_`).
KEYWORDS = {
    "python": [word for word in keyword.kwlist + keyword.softkwlist if re.fullmatch(r"[A-Za-z]\w*", word)],
    "javascript": """await break case catch class const continue debugger default delete do else enum export
        extends false finally for function if import in instanceof new null return super switch this throw true try
        typeof var void while with yield implements interface let package private protected public static arguments
        eval async of undefined""".split(),
    "csharp": """abstract as base bool break byte case catch char checked class const continue decimal default
        delegate do double else enum event explicit extern false finally fixed float for foreach goto if implicit in
        int interface internal is lock long namespace new null object operator out override params private
        protected public readonly ref return sbyte sealed short sizeof stackalloc static string struct switch this
        throw true try typeof uint ulong unchecked unsafe ushort using virtual void volatile while
        add allows alias and ascending args async await by descending dynamic equals field file from get global
        group init into join let managed nameof nint not notnull nuint on or orderby partial record remove required
        scoped select set unmanaged value var when where with yield""".split(),
    "swift": """associatedtype borrowing class consuming deinit enum extension fileprivate func import init inout
        internal let nonisolated open operator private precedencegroup protocol public rethrows static struct
        subscript typealias var break case catch continue default defer do else fallthrough for guard if in repeat
        return throw switch where while as await false is nil self super throws true try associativity async
        convenience didSet dynamic final get indirect infix lazy left mutating none nonmutating optional override
        package postfix precedence prefix required right set some any unowned weak willSet""".split(),
    "kotlin": """as break class continue do else false for fun if in interface is null object package return
        super this throw true try typealias typeof val var when while by catch constructor delegate dynamic field
        file finally get import init param property receiver set setparam value where abstract actual annotation
        companion const crossinline data enum expect external final infix inline inner internal lateinit noinline
        open operator out override private protected public reified sealed suspend tailrec vararg it yield""".split(),
    "curl": """if then else elif fi case esac for select while until do done in function time coproc local declare
        export set shift return eval exec source test read echo printf unset readonly trap exit PATH IFS HOME
        RANDOM""".split(),
}


def hostile_text(marker, backslashes: bool = True) -> str:
    """Every way out of a comment, a literal or a line that the snippet languages know, one per line;
    without `backslashes`, no line with a backslash (invalid `unicode_escape` text: a file in that
    encoding that held one would fail to compile instead of running the injected code)."""
    lines = [
        "# -*- coding: unicode_escape -*-", f'""";import os;os.system("touch {marker}");"""',
        "# coding: utf-7", "+ACIAIgAi- coding=latin-1",
        "*/ #error injected /* nested /* twice", '#line 1 "injected.cs"', "#define INJECTED",
        "#pragma warning disable", "#error injected", '#sourceLocation(file: "injected", line: 1)',
        '#error("injected")', "\u2028#error injected\u2029#error injected", "\u0085#error injected",
        "\r#error injected", "\x0b#error\x0c#error", "\x1b[31m\x7f\u009b",
        "\u202edesrever\u202c \u2066isolated\u2069 \u200f\u061c\ufeff\u200b\u2060",
        "</script><script>window.flintPwned = 1</script> <!-- <script> --> </SCRIPT", "--> x",
        f"$(touch {marker}) `touch {marker}` ${{x}} '$(touch {marker})' \"$(touch {marker})\" \\",
        "EOF", f"touch {marker}", "EOF",
        "${System.exit(3)} $x {System.Environment.Exit(3)} \\N{BULLET} \\x41 \\u0041 \\u{41}",
        "\"\"\" ''' \" ' \\\"", "{{FUNCTION_NAME}}", "Zürich – 日本 ✓ 🎉",
    ]
    return "\n".join(line for line in lines if backslashes or "\\" not in line)


HOSTILE_TITLES = {
    # On line 1 or 2 this decodes the docstring's \" back into " and runs the code after it.
    "unicode_escape": '# -*- coding: unicode_escape -*-\n""";import os;os.system("touch {marker}");"""\n\u2028#error x',
    # On line 1 or 2 this makes the snippet fail to compile.
    "utf7": "# -*- coding: utf-7 -*-\n+ACIAIgAi-\n*/ /* </script> $(touch {marker})",
}


def hostile_triggers(marker) -> dict:
    """name -> (language, definition): per language, triggers whose attribute names are its keywords (at
    most 100 a trigger) and whose free text is hostile; Python has one more, with a UTF-7 title."""
    types = ["text", "number", "boolean", "datetime", "entityReference"]
    result = {}
    for language in LANGUAGES:
        words = KEYWORDS[language]
        plans = [("unicode_escape", words[i:i + MAXIMUM_ATTRIBUTES]) for i in range(0, len(words), MAXIMUM_ATTRIBUTES)]
        if language == "python":
            plans.append(("utf7", ["note", "amount", "seen"]))
        for number, (title, names) in enumerate(plans, start=1):
            name = f"snippet_hostile_{language}_{number}"
            text = hostile_text(marker, backslashes=title != "unicode_escape" or language != "python")
            attributes = []
            for index, attribute in enumerate(names):
                kind = types[index % len(types)]
                attributes.append({"name": attribute, "type": kind, "required": index < len(types),
                                   "description": text[:1000], **({"entity": "order"} if kind == "entityReference" else {})})
            result[name] = (language, {
                "name": name, "title": HOSTILE_TITLES[title].format(marker=marker), "description": text,
                "customerType": "profile", "eventName": f"{name} {text}"[:200], "attributes": attributes,
            })
    return result


ALL_TYPES_DEFINITION = {
    "name": ALL_TYPES,
    "title": "Wi-Fi sign-up",
    "description": "A customer signed up to the guest Wi-Fi",
    "customerType": "contact",
    "attributes": [
        {"name": "location", "type": "text", "required": True},
        {"name": "amount", "type": "number"},
        {"name": "firstVisit", "type": "boolean"},
        {"name": "signedUpAt", "type": "datetime"},
        {"name": "order", "type": "entityReference", "entity": "order"},
    ],
}

# The cases are known before the fixture runs; only the hostile texts depend on the test's folder.
HOSTILE_LANGUAGE = {name: language for name, (language, _) in hostile_triggers("MARKER").items()}
CASES = [(language, ALL_TYPES) for language in LANGUAGES] + [(language, name) for name, language in HOSTILE_LANGUAGE.items()]
