// Flint's web UI: progressive behaviour for server-rendered pages. No inline script anywhere (the
// Content-Security-Policy forbids it); values from the server are set with textContent, never as HTML.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Snippet tabs (WAI-ARIA tabs: click, arrow keys).
  for (const list of document.querySelectorAll("[role=tablist]")) {
    const tabs = [...list.querySelectorAll("[role=tab]")];
    const select = (tab) => {
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute("aria-selected", String(selected));
        other.tabIndex = selected ? 0 : -1;
        document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
      }
      tab.focus();
    };
    list.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (tab) select(tab);
    });
    list.addEventListener("keydown", (event) => {
      const index = tabs.indexOf(document.activeElement);
      if (index < 0) return;
      if (event.key === "ArrowRight") select(tabs[(index + 1) % tabs.length]);
      if (event.key === "ArrowLeft") select(tabs[(index - 1 + tabs.length) % tabs.length]);
    });
  }

  // Copy buttons.
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select and copy";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
  }

  // Attribute rows: add from the template, remove per row.
  for (const button of document.querySelectorAll("[data-add-row]")) {
    button.addEventListener("click", () => {
      const list = document.getElementById(button.dataset.addRow);
      const template = document.getElementById("attribute-row");
      list.append(template.content.cloneNode(true));
      list.lastElementChild.querySelector("input").focus();
    });
  }
  document.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove-row]");
    if (remove) remove.closest("li").remove();
  });

  // The name is suggested from the title until someone types a name.
  const title = document.querySelector("[data-suggests-name]");
  const name = document.getElementById("name");
  if (title && name) {
    let edited = name.value !== "";
    name.addEventListener("input", () => { edited = name.value !== ""; });
    title.addEventListener("input", () => {
      if (edited) return;
      name.value = title.value.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")
        .replace(/^([0-9])/, "t_$1").slice(0, 64);
    });
  }

  // Custom or record trigger: show the fields of the chosen kind.
  const form = document.querySelector(".trigger-form");
  if (form) {
    const update = () => {
      const kind = form.querySelector("input[name=kind]:checked")?.value ?? "custom";
      for (const section of form.querySelectorAll(".record-only")) section.hidden = kind !== "record";
      for (const section of form.querySelectorAll(".custom-only")) section.hidden = kind === "record";
    };
    form.addEventListener("change", update);
    update();
  }

  // Forms that ask first.
  for (const confirmForm of document.querySelectorAll("form[data-confirm]")) {
    confirmForm.addEventListener("submit", (event) => {
      if (!window.confirm(confirmForm.dataset.confirm)) event.preventDefault();
    });
  }

  // The trigger page's live status and inspector, every 1.5 s.
  const live = document.querySelector("[data-live]");
  if (live) {
    const refresh = async () => {
      try {
        const response = await fetch(live.dataset.live, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (response.ok) render(await response.json());
        else if (response.status === 401 || response.status === 404) clearInterval(timer);  // signed out, or the link ended
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    };
    let shown = "";
    const render = (state) => {
      // Only a change touches the page: screen readers hear news, not every tick.
      const signature = JSON.stringify(state);
      if (signature === shown) return;
      shown = signature;
      const badge = document.querySelector("#trigger-status .status");
      badge.textContent = state.statusTitle;
      badge.className = "status status-" + state.status;
      badge.dataset.status = state.status;
      document.getElementById("trigger-guidance").textContent = state.guidance;
      document.getElementById("event-count").textContent = state.eventCount;
      document.getElementById("rejected-count").textContent = state.rejectedCount;
      const ready = document.getElementById("ready-form");
      if (ready) ready.hidden = state.status !== "integrationVerified";
      const rows = document.getElementById("inspector-rows");
      rows.replaceChildren(...state.events.map((entry) => {
        const row = document.createElement("tr");
        row.className = "verdict-" + entry.verdict;
        for (const text of [entry.receivedAt, entry.authId ?? "—", entry.verdict]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        const problems = document.createElement("td");
        if (entry.problems.length > 0) {
          const list = document.createElement("ul");
          for (const problem of entry.problems) {
            const item = document.createElement("li");
            const field = document.createElement("code");
            field.textContent = problem.field;
            item.append(field, ": " + problem.problem);
            list.append(item);
          }
          problems.append(list);
        }
        row.append(problems);
        return row;
      }));
      document.getElementById("inspector-empty").hidden = state.events.length > 0;
    };
    const timer = setInterval(refresh, 1500);
  }
});
