// Flint's journey builder. It edits the journey as the API's JSON (see API.md, "Journeys") and writes it
// into the form's `definition` field on submit; the server checks it with the API's own parser.
// Everything is built with DOM calls and textContent: no value from the page ever becomes markup.
"use strict";

(() => {
  const root = document.getElementById("builder");
  if (!root) return;
  const schema = JSON.parse(root.dataset.schema);
  const journey = Object.assign({ name: "", trigger: "", steps: [] }, JSON.parse(root.dataset.journey || "{}"));
  const STEP_TYPES = { email: "Email", sms: "SMS", webhook: "Webhook", wait: "Wait", waitForTrigger: "Wait for trigger",
    branch: "Branch", activateTrigger: "Activate trigger" };
  const OPERATORS = { equals: "equals", notEquals: "does not equal", contains: "contains", startsWith: "starts with",
    endsWith: "ends with", lessThan: "is less than", lessThanOrEqual: "is at most", greaterThan: "is greater than",
    greaterThanOrEqual: "is at least", isTrue: "is true", isFalse: "is false", before: "is before", on: "is on the day",
    after: "is after", exists: "has a value", notExists: "has no value", isEmpty: "is empty", isNotEmpty: "is not empty",
    countEquals: "has exactly", countGreaterThan: "has more than", countLessThan: "has fewer than" };
  let uid = 0;

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };
  const field = (label, control) => {
    const id = control.id || "b" + (++uid);
    control.id = id;
    return el("div", { class: "builder-field" }, el("label", { for: id, text: label }), control);
  };
  const input = (value, onChange, props = {}) => el("input", Object.assign({ type: "text", value: value ?? "",
    oninput: (event) => onChange(event.target.value) }, props));
  const textarea = (value, onChange, rows = 3) => {
    const area = el("textarea", { rows, oninput: (event) => onChange(event.target.value) });
    area.value = value ?? "";
    return area;
  };
  const select = (options, value, onChange) => {
    const node = el("select", { onchange: (event) => onChange(event.target.value) });
    for (const [optionValue, label] of options) node.append(el("option", { value: optionValue, text: label, selected: optionValue === value }));
    return node;
  };

  const paths = () => [...schema.paths, ...schema.customer];
  const triggerOptions = () => schema.triggers.map((name) => [name, name]);
  // Another entry trigger: fetch its typed paths, then draw again.
  const chooseTrigger = async (name) => {
    journey.trigger = name;
    schema.paths = [];
    if (name) {
      const response = await fetch(`/journeys/paths/${encodeURIComponent(name)}`, { credentials: "same-origin" });
      if (response.ok) schema.paths = await response.json();
    }
    render();
  };
  const typeOf = (path) => paths().find((candidate) => candidate.path === path)?.type ?? "text";
  const allIds = () => {
    const ids = new Set();
    const walk = (steps) => {
      for (const step of steps ?? []) {
        ids.add(step.id);
        for (const branch of step.branches ?? []) walk(branch.steps);
        walk(step.otherwise); walk(step.matched); walk(step.timedOut);
      }
    };
    walk(journey.steps);
    return ids;
  };
  const newStep = (type) => {
    let index = 1;
    const ids = allIds();
    while (ids.has(`${type}_${index}`)) index += 1;
    const step = { id: `${type}_${index}`, type };
    const firstTrigger = schema.triggers[0] ?? "";
    switch (type) {
      case "email": Object.assign(step, { subject: "", html: "", purpose: "commercial" }); break;
      case "sms": Object.assign(step, { text: "", purpose: "commercial" }); break;
      case "webhook": Object.assign(step, { url: "https://", method: "POST", body: "" }); break;
      case "wait": step.duration = "P1D"; break;
      case "waitForTrigger": Object.assign(step, { trigger: firstTrigger, timeout: "P2D", matched: [], timedOut: [] }); break;
      case "branch": Object.assign(step, { branches: [{ label: "first", when: newComparison(), steps: [] }], otherwise: [] }); break;
      case "activateTrigger": Object.assign(step, { trigger: firstTrigger, attributes: {} }); break;
    }
    return step;
  };
  const newComparison = () => {
    const path = paths()[0]?.path ?? "customer.email";
    return { attribute: path, op: schema.operators[typeOf(path)][0] };
  };

  // A template field with a "personalize" picker that inserts {{path}} where the cursor is.
  const template = (label, value, onChange, multiline) => {
    const control = multiline ? textarea(value, onChange, 4) : input(value, onChange);
    const picker = select([["", "Insert a field…"], ...paths().map((p) => [p.path, p.path])], "", (path) => {
      if (!path) return;
      const start = control.selectionStart ?? control.value.length;
      control.value = control.value.slice(0, start) + `{{${path}}}` + control.value.slice(control.selectionEnd ?? start);
      onChange(control.value);
      picker.value = "";
      control.focus();
    });
    picker.setAttribute("aria-label", `Insert a field into ${label}`);
    const wrapper = field(label, control);
    wrapper.append(picker);
    return wrapper;
  };

  // One comparison, or several under "all" / "any".
  const conditionEditor = (condition, onChange) => {
    const box = el("div", { class: "condition" });
    const list = condition.all ?? condition.any ?? [condition];
    const mode = condition.any ? "any" : "all";
    const emit = (items, how) => onChange(items.length === 1 ? items[0] : { [how]: items });
    if (list.length > 1) {
      box.append(field("Match", select([["all", "all of these"], ["any", "any of these"]], mode, (how) => { emit(list, how); render(); })));
    }
    list.forEach((comparison, index) => {
      // A path the chosen trigger does not have (it was changed) becomes its first, as the select shows.
      if (!paths().some((p) => p.path === comparison.attribute)) comparison.attribute = paths()[0]?.path ?? "customer.email";
      const type = typeOf(comparison.attribute);
      const operators = schema.operators[type] ?? schema.operators.text;
      if (!operators.includes(comparison.op)) comparison.op = operators[0];
      const row = el("div", { class: "comparison" },
        field("Attribute", select(paths().map((p) => [p.path, `${p.path} (${p.type})`]), comparison.attribute, (path) => {
          comparison.attribute = path;
          comparison.op = (schema.operators[typeOf(path)] ?? [])[0];
          delete comparison.value;
          emit(list, mode); render();
        })),
        field("Operator", select(operators.map((op) => [op, OPERATORS[op] ?? op]), comparison.op, (op) => {
          comparison.op = op;
          if (schema.unary.includes(op)) delete comparison.value;
          emit(list, mode); render();
        })));
      if (!schema.unary.includes(comparison.op)) {
        const numeric = type === "number" || comparison.op.startsWith("count");
        row.append(field("Value", input(comparison.value, (text) => {
          // Empty: no value (the parser says one is needed); not a number: kept as typed, for the parser to name.
          if (text === "") delete comparison.value;
          else comparison.value = numeric && !Number.isNaN(Number(text)) ? Number(text) : text;
          emit(list, mode);
        }, { type: numeric ? "number" : "text", step: numeric ? "any" : undefined,
             placeholder: type === "datetime" ? "2026-12-24T00:00:00Z" : undefined })));
      }
      if (list.length > 1) {
        row.append(el("button", { type: "button", class: "remove", text: "Remove condition",
          onclick: () => { list.splice(index, 1); emit(list, mode); render(); } }));
      }
      box.append(row);
    });
    box.append(el("button", { type: "button", class: "secondary", text: "Add condition",
      onclick: () => { list.push(newComparison()); emit(list, mode); render(); } }));
    return box;
  };

  const stepFields = (step) => {
    const set = (key) => (value) => { step[key] = value; };
    const purpose = () => field("Purpose", select([["commercial", "Commercial (needs consent)"], ["transactional", "Transactional"]],
      step.purpose, set("purpose")));
    // A trigger that no longer exists becomes the first one, as the select shows.
    if ((step.type === "waitForTrigger" || step.type === "activateTrigger") && !schema.triggers.includes(step.trigger)) {
      step.trigger = schema.triggers[0] ?? "";
    }
    const triggerChoice = (key) => field("Trigger", select(triggerOptions(), step[key],
      (value) => { step[key] = value; }));
    switch (step.type) {
      case "email":
        return [template("Subject", step.subject, set("subject")), template("HTML body", step.html, set("html"), true),
          template("Plain text (optional)", step.text, (value) => { if (value) step.text = value; else delete step.text; }, true), purpose()];
      case "sms": return [template("Text", step.text, set("text"), true), purpose()];
      case "webhook":
        return [field("URL", input(step.url, set("url"))),
          field("Method", select(["POST", "PUT", "PATCH", "GET", "DELETE"].map((m) => [m, m]), step.method ?? "POST", set("method"))),
          template("Body (JSON template)", step.body, set("body"), true)];
      case "wait":
        return [field("Wait for (ISO 8601 duration: PT10M, P1D, P2W)", input(step.duration, set("duration")))];
      case "waitForTrigger":
        return [triggerChoice("trigger"), field("Give up after (ISO 8601 duration)", input(step.timeout, set("timeout"))),
          stepList("When it arrives", step.matched ??= []), stepList("If it does not arrive in time", step.timedOut ??= [])];
      case "branch":
        return [...(step.branches ??= []).map((branch, index) => el("fieldset", { class: "branch" },
          el("legend", { text: `Branch ${index + 1}` }),
          field("Label", input(branch.label, (value) => { branch.label = value; })),
          conditionEditor(branch.when ?? newComparison(), (when) => { branch.when = when; }),
          stepList("Then", branch.steps ??= []),
          step.branches.length > 1 ? el("button", { type: "button", class: "remove", text: "Remove branch",
            onclick: () => { step.branches.splice(index, 1); render(); } }) : null)),
        el("button", { type: "button", class: "secondary", text: "Add branch",
          onclick: () => { step.branches.push({ label: `branch ${step.branches.length + 1}`, when: newComparison(), steps: [] }); render(); } }),
        stepList("Otherwise", step.otherwise ??= [])];
      case "activateTrigger": {
        const lines = Object.entries(step.attributes ?? {}).map(([name, value]) => `${name} = ${value}`).join("\n");
        return [triggerChoice("trigger"), field("Attributes (one per line: name = template)", textarea(lines, (text) => {
          step.attributes = Object.fromEntries(text.split("\n").map((line) => line.split(/=(.*)/s).map((part) => part?.trim()))
            .filter(([name]) => name).map(([name, value]) => [name, value ?? ""]));
        }))];
      }
      default: return [];
    }
  };

  // A list of steps with add, remove and move.
  const stepList = (label, steps) => {
    const box = el("div", { class: "step-list" }, el("h3", { class: "step-list-title", text: label }));
    const list = el("ol", { class: "steps" });
    steps.forEach((step, index) => {
      const card = el("li", { class: `step-card step-${step.type}`, "data-step-id": step.id },
        el("div", { class: "step-head" },
          el("strong", { text: STEP_TYPES[step.type] ?? step.type }),
          field("Step id", input(step.id, (value) => { step.id = value; }, { class: "step-id-input" })),
          el("button", { type: "button", text: "Move up", disabled: index === 0,
            onclick: () => { steps.splice(index - 1, 0, ...steps.splice(index, 1)); render(); } }),
          el("button", { type: "button", text: "Move down", disabled: index === steps.length - 1,
            onclick: () => { steps.splice(index + 1, 0, ...steps.splice(index, 1)); render(); } }),
          el("button", { type: "button", class: "remove", text: "Remove step", onclick: () => { steps.splice(index, 1); render(); } })),
        ...stepFields(step));
      list.append(card);
    });
    box.append(list);
    const typeChoice = select(Object.entries(STEP_TYPES), "email", () => {});
    typeChoice.classList.add("add-step-type");
    box.append(el("div", { class: "add-step" }, field(`Add to “${label}”`, typeChoice),
      el("button", { type: "button", class: "secondary add-step-button", text: "Add step",
        onclick: () => { steps.push(newStep(typeChoice.value)); render(); } })));
    return box;
  };

  const render = () => {
    const scrollY = window.scrollY;
    const entry = el("fieldset", { class: "entry" }, el("legend", { text: "Entry" }));
    const only = el("input", { type: "checkbox", checked: Boolean(journey.entryCondition), id: "entry-only",
      onchange: (event) => { if (event.target.checked) journey.entryCondition = newComparison(); else delete journey.entryCondition; render(); } });
    entry.append(el("label", { class: "choice", for: "entry-only" }, only, " Only customers who match a condition enter"));
    if (journey.entryCondition) entry.append(conditionEditor(journey.entryCondition, (value) => { journey.entryCondition = value; }));
    const reentry = typeof journey.reentry === "object" ? "after" : journey.reentry ?? "always";
    entry.append(field("Re-entry", select([["always", "Every time the trigger fires"], ["never", "Only once per customer"],
      ["after", "Again after a while"]], reentry, (value) => {
        journey.reentry = value === "after" ? { after: "P7D" } : value; render();
      })));
    if (reentry === "after") entry.append(field("Again after (ISO 8601 duration)", input(journey.reentry.after, (value) => { journey.reentry = { after: value }; })));

    root.replaceChildren(
      field("Journey name", input(journey.name, (value) => { journey.name = value; }, { id: "journey-name", required: true })),
      field("Starts when", select([["", "Choose a trigger"], ...triggerOptions()], journey.trigger, chooseTrigger)),
      entry,
      stepList("Steps", journey.steps));
    window.scrollTo(0, scrollY);
  };

  document.getElementById("builder-form").addEventListener("submit", () => {
    document.getElementById("definition").value = JSON.stringify(journey);
  });
  render();
})();
