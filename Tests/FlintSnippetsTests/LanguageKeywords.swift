import FlintSnippets

/// Each snippet language's keywords as its specification lists them, written out here on their own
/// (not read from FlintSnippets) so that a word missing from a generator's list fails a test.
/// Only words an attribute name can become are listed: converted names start lower-case.
enum LanguageKeywords {
    /// Python 3.13 `keyword.kwlist` (the capitalised `False`, `None`, `True` become `false`, ...,
    /// which are not keywords) and `keyword.softkwlist` (legal parameter names, kept as they are).
    static let python = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
        "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
    static let pythonSoft = ["match", "case", "type"]

    /// ECMAScript 2024 reserved words, strict-mode reserved words, and the names strict code cannot bind.
    static let javascript = [
        "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
        "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var",
        "void", "while", "with", "yield", "implements", "interface", "let", "package", "private", "protected",
        "public", "static", "arguments", "eval",
    ]

    /// The C# reference: keywords, then contextual keywords.
    static let csharp = [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        "add", "allows", "alias", "and", "ascending", "args", "async", "await", "by", "descending", "dynamic",
        "equals", "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed",
        "nameof", "nint", "not", "notnull", "nuint", "on", "or", "orderby", "partial", "record", "remove",
        "required", "scoped", "select", "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    ]

    /// The Swift Programming Language, "Keywords and Punctuation": reserved and context-specific keywords.
    static let swift = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func",
        "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard",
        "if", "in", "repeat", "return", "throw", "switch", "where", "while", "as", "await", "false", "is", "nil",
        "self", "super", "throws", "true", "try", "associativity", "async", "convenience", "didSet", "dynamic",
        "final", "get", "indirect", "infix", "lazy", "left", "mutating", "none", "nonmutating", "optional",
        "override", "package", "postfix", "precedence", "prefix", "required", "right", "set", "some", "any",
        "unowned", "weak", "willSet",
    ]

    /// kotlinlang.org "Keywords and operators": hard, soft and modifier keywords, special identifiers,
    /// and `yield`, which kotlinc reserves.
    static let kotlin = [
        "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in", "interface", "is",
        "null", "object", "package", "return", "super", "this", "throw", "true", "try", "typealias", "typeof",
        "val", "var", "when", "while", "by", "catch", "constructor", "delegate", "dynamic", "field", "file",
        "finally", "get", "import", "init", "param", "property", "receiver", "set", "setparam", "value", "where",
        "abstract", "actual", "annotation", "companion", "const", "crossinline", "data", "enum", "expect",
        "external", "final", "infix", "inline", "inner", "internal", "lateinit", "noinline", "open", "operator",
        "out", "override", "private", "protected", "public", "reified", "sealed", "suspend", "tailrec", "vararg",
        "it", "yield",
    ]

    /// Bash's reserved words and some builtins: the snippet prefixes its variables, so none needs escaping.
    static let bash = [
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
        "function", "time", "coproc", "local", "declare", "export", "set", "shift", "return", "eval", "exec",
        "source", "test", "read", "echo", "printf", "unset", "readonly", "trap", "exit",
    ]

    static func words(_ language: SnippetLanguage) -> [String] {
        switch language {
        case .python: python
        case .javascript: javascript
        case .csharp: csharp
        case .swift: swift
        case .kotlin: kotlin
        case .curl: bash
        }
    }
}
