/// The sign-in form, and the one-time setup form that creates the first admin.
public enum SignInPage {
    /// - Parameter formToken: the anonymous form's CSRF token (the same value is in its cookie).
    public static func signIn(email: String = "", error: String? = nil, formToken: String) -> HTML {
        Layout.page(
            title: "Sign in", viewer: nil,
            body: """
                <section class="narrow">
                <h1>Sign in to Flint</h1>
                \(FormParts.errorBox(error))
                <form method="post" action="/sign-in" class="stack">
                \(Layout.csrfField(formToken))
                <label for="email">Email</label>
                <input id="email" name="email" type="email" autocomplete="email" required value="\(email)">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit" class="primary">Sign in</button>
                </form>
                </section>
                """)
    }

    public static func setup(email: String = "", errors: [String: String] = [:], formToken: String) -> HTML {
        Layout.page(
            title: "Set up Flint", viewer: nil,
            body: """
                <section class="narrow">
                <h1>Set up Flint</h1>
                <p>Create the first administrator. This form is offered once, while Flint has no users.</p>
                <form method="post" action="/setup" class="stack">
                \(Layout.csrfField(formToken))
                <label for="email">Email</label>
                <input id="email" name="email" type="email" autocomplete="email" required value="\(email)"\(FormParts.describedBy("email", errors))>
                \(FormParts.fieldError("email", errors))
                <label for="password">Password (at least 10 characters)</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10"\(FormParts.describedBy("password", errors))>
                \(FormParts.fieldError("password", errors))
                <button type="submit" class="primary">Create administrator</button>
                </form>
                </section>
                """)
    }
}
