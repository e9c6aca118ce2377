/// The ingestion key a snippet authenticates with.
///
/// Flint keeps only the hash of a secret key, so a snippet can name it by its prefix but must read
/// the key itself from the `FLINT_INGESTION_KEY` environment variable at run time.
public enum SnippetKey: Sendable, Equatable {
    /// A publishable key, embedded in the snippet as it is.
    case publishable(String)
    /// A secret key, known here only by its displayable prefix (`flk_sec_AbCd1234`).
    case secret(prefix: String)

    /// The environment variable snippets read a secret key from.
    public static let environmentVariable = "FLINT_INGESTION_KEY"
}
