import FlintCore

/// `/users`, for admins: who can sign in, with which role, and a form to add someone.
public enum UsersPage {
    public static func render(
        users: [User], errors: [String: String] = [:], typedEmail: String = "", notice: String? = nil, viewer: Layout.Viewer
    ) -> HTML {
        let rows = users.map { user -> HTML in
            let isViewer = user.email == viewer.email
            let options = User.Role.allCases.map { role -> HTML in
                "<option value=\"\(role.rawValue)\"\(HTML.when(role == user.role, " selected"))>\(role.title)</option>"
            }
            let actions: HTML =
                isViewer
                ? "<td>You</td>"
                : """
                <td><form method="post" action="/users/\(user.id)/role" class="inline">\(Layout.csrfField(viewer.csrfToken))<select name="role" aria-label="Role of \(user.email)">\(options)</select> <button type="submit">Change role</button></form>
                <form method="post" action="/users/\(user.id)/remove" class="inline" data-confirm="Remove this user? They are signed out at once.">\(Layout.csrfField(viewer.csrfToken))<button type="submit" class="danger">Remove</button></form></td>
                """
            return "<tr><td>\(user.email)</td><td>\(user.role.title)</td><td>\(RFC3339.format(milliseconds: user.createdAt))</td>\(actions)</tr>"
        }
        let roles = User.Role.allCases.map { role -> HTML in
            "<option value=\"\(role.rawValue)\"\(HTML.when(role == .marketer, " selected"))>\(role.title)</option>"
        }
        return Layout.page(
            title: "Users", viewer: viewer, section: .users,
            body: """
                <h1>Users</h1>
                \(notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? .empty)
                <section><table class="list"><caption class="visually-hidden">Users</caption>
                <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead><tbody>\(rows)</tbody></table></section>
                <section><h2>Add a user</h2>
                <p>Admins manage everything, users and keys included; marketers manage triggers, journeys, customers and records; developers read triggers, their snippets and the inspector.</p>
                <form method="post" action="/users" class="stack">\(Layout.csrfField(viewer.csrfToken))
                <label for="email">Email</label>
                <input id="email" name="email" type="email" required value="\(typedEmail)"\(FormParts.describedBy("email", errors))>
                \(FormParts.fieldError("email", errors))
                <label for="password">Password (at least 10 characters; share it with them safely)</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required\(FormParts.describedBy("password", errors))>
                \(FormParts.fieldError("password", errors))
                <label for="role">Role</label><select id="role" name="role">\(roles)</select>
                <div class="actions"><button type="submit" class="primary">Add user</button></div>
                </form></section>
                """)
    }
}
