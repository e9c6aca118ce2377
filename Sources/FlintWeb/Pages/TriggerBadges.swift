import FlintCore

/// The small pieces trigger pages share: the kind icon and the status badge.
public enum TriggerBadges {
    /// A lightning bolt for custom triggers; with a suitcase for Flint's built-in ones; with a
    /// document for record triggers. Labelled, so the kind is not told by the picture alone.
    public static func kindIcon(_ kind: TriggerKind) -> HTML {
        let bolt: HTML = "<path d=\"M13 2 4 14h6l-1 8 9-12h-6z\" class=\"bolt\"/>"
        let extra: HTML =
            switch kind {
            case .custom: .empty
            case .builtin: "<rect x=\"14\" y=\"15\" width=\"9\" height=\"7\" rx=\"1\" class=\"badge-shape\"/><path d=\"M16.5 15v-1.5h4V15\" class=\"badge-line\"/>"
            case .record: "<rect x=\"15\" y=\"13\" width=\"8\" height=\"10\" rx=\"1\" class=\"badge-shape\"/><path d=\"M17 16h4M17 18.5h4\" class=\"badge-line\"/>"
            }
        return """
            <span class="kind kind-\(kind.rawValue)" title="\(kindTitle(kind))"><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">\(bolt)\(extra)</svg><span class="visually-hidden">\(kindTitle(kind))</span></span>
            """
    }

    public static func kindTitle(_ kind: TriggerKind) -> String {
        switch kind {
        case .custom: "Custom trigger (sent by a website, app or backend)"
        case .record: "Record trigger (a record is created or updated)"
        case .builtin: "Built-in trigger (Flint's own events)"
        }
    }

    public static func status(_ status: TriggerStatus) -> HTML {
        "<span class=\"status status-\(status.rawValue)\" data-status=\"\(status.rawValue)\">\(title(of: status))</span>"
    }

    public static func title(of status: TriggerStatus) -> String {
        switch status {
        case .awaitingIntegration: "Awaiting integration"
        case .integrationVerified: "Integration verified"
        case .ready: "Ready to use"
        }
    }

    /// What the status means and what to do next.
    public static func guidance(_ status: TriggerStatus, kind: TriggerKind) -> String {
        switch (status, kind) {
        case (.awaitingIntegration, .custom):
            "No valid event has arrived yet. Hand a snippet below to your developers; this page confirms the integration as soon as the first valid event arrives."
        case (.awaitingIntegration, _):
            "No event has fired yet. It fires when its first record is written."
        case (.integrationVerified, _):
            "Valid events are arriving. Check the recent events below, then mark the trigger Ready to use so journeys can start from it."
        case (.ready, _):
            "Journeys can start from this trigger and wait for it."
        }
    }
}
