// The Tickets tab: the account's tickets, filtered (status, priority), sorted, paged
// through; a row opens the ticket; "New ticket" creates one with the adapter's checks.
import { ApiError, cached, everything, forget, get, post } from "./api.js";
import { dateTime, PRIORITIES, priorityName, STATUSES, statusName } from "./format.js";
import { html, useMemo, useState } from "./lib.js";
import { Badge, DataTable, Dialog, Empty, Loaded, message, Pager, useRequest } from "./ui.js";

const LIMIT = 50;
const LIST_REACH = 30000; // Freshdesk's tickets list stops at page 300 (docs/adapter.md)
const SEARCH_REACH = 300; // a filter goes through Freshdesk's search: its first 300 matches
const SORTS = [
  ["", "Newest first (created)"],
  ["created_at:asc", "Oldest first (created)"],
  ["updated_at:desc", "Recently updated"],
  ["updated_at:asc", "Least recently updated"],
  ["due_by:asc", "Due soonest"],
  ["due_by:desc", "Due latest"],
  ["status:asc", "Status (open first)"],
  ["status:desc", "Status (closed first)"],
];

export function ticketColumns(agentsById) {
  return [
    { label: "Ticket", render: (t) => `#${t.id}`, className: "cell-id" },
    { label: "Subject", render: (t) => html`<span class="subject">${t.subject || "(no subject)"}</span>${t.is_escalated ? html` <${Badge} kind="escalated">Escalated</${Badge}>` : ""}`, className: "cell-main" },
    { label: "Requester", render: (t) => t.requester_name || t.email || (t.requester_id ? `Contact #${t.requester_id}` : "—") },
    { label: "Status", render: (t) => html`<${Badge} kind=${`status-${t.status}`}>${statusName(t.status)}</${Badge}>` },
    { label: "Priority", render: (t) => html`<${Badge} kind=${`priority-${t.priority}`}>${priorityName(t.priority)}</${Badge}>` },
    {
      label: "Assignee",
      render: (t) => (t.responder_id ? (agentsById.get(t.responder_id) || { name: `Agent #${t.responder_id}` }).name : "Unassigned"),
    },
    { label: "Updated", render: (t) => dateTime(t.updated_at) },
  ];
}

function Select({ id, label, value, onChange, options, any, disabled }) {
  return html`<div class="field-inline">
    <label for=${id}>${label}</label>
    <select id=${id} value=${value} disabled=${Boolean(disabled)} onChange=${(event) => onChange(event.currentTarget.value)}>
      ${any && html`<option value="">${any}</option>`}
      ${options.map(([optionValue, optionLabel]) => html`<option value=${String(optionValue)}>${optionLabel}</option>`)}
    </select>
  </div>`;
}

export function TicketsTab({ generation, changes, onOpen }) {
  const [status, setStatus] = useState("");
  const [priority, setPriority] = useState("");
  const [sort, setSort] = useState("");
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState(null);
  const [refresh, setRefresh] = useState(0);

  const filtered = Boolean(status || priority);
  const tickets = useRequest(
    (signal) => {
      // A filter goes through search, which cannot sort: the sort waits until the filter is cleared.
      const [orderBy, orderType] = sort && !filtered ? sort.split(":") : ["", ""];
      const query = { limit: LIMIT, offset, status, priority, order_by: orderBy, order_type: orderType };
      return get("/tickets", query, { signal });
    },
    [status, priority, sort, offset, generation, refresh, changes],
  );
  const stats = useRequest(() => cached("/stats").then((body) => body.data), [generation, changes, refresh]);
  const agents = useRequest(() => everything("/agents"), [generation]);
  const agentsById = useMemo(() => new Map((agents.data || []).map((agent) => [agent.id, agent])), [agents.data]);

  const change = (setter) => (value) => {
    setter(value);
    setOffset(0);
  };
  const total = !filtered && stats.state === "ok" ? stats.data.total_tickets : undefined;
  const describe = [status && statusName(Number(status)), priority && `${priorityName(Number(priority))} priority`].filter(Boolean).join(", ");

  return html`<div class="stack">
    <div class="section-head">
      <h2>Tickets</h2>
      <button type="button" class="button button-primary" onClick=${() => setCreating(true)}>New ticket</button>
    </div>
    ${created && html`<p class="notice" role="status" data-testid="ticket-created">
      Ticket #${created.id} “${created.subject}” was created${created.recovered ? " (Freshdesk's answer was lost; the ticket was found)" : ""}.
      <button type="button" class="button button-link" onClick=${() => onOpen("ticket", created)}>Open it</button>
    </p>`}
    <div class="toolbar" role="group" aria-label="Filter and sort tickets">
      <${Select} id="ticket-status" label="Filter by status" value=${status} onChange=${change(setStatus)} options=${STATUSES} any="Any status" />
      <${Select} id="ticket-priority" label="Filter by priority" value=${priority} onChange=${change(setPriority)} options=${PRIORITIES} any="Any priority" />
      <${Select} id="ticket-sort" label="Sort by" value=${filtered ? "" : sort} onChange=${change(setSort)} options=${SORTS} disabled=${filtered} />
    </div>
    ${filtered && html`<p class="hint" data-testid="sort-hint">Filtered tickets come from Freshdesk's search, which cannot sort them.</p>`}
    <${Loaded}
      request=${tickets}
      what="the tickets"
      isEmpty=${(body) => body.data.length === 0 && offset === 0}
      empty=${filtered ? `No ${describe} tickets.` : "No tickets in this account yet."}
    >
      ${(body) => html`
        ${filtered && (body.truncated || offset + LIMIT >= SEARCH_REACH) && html`<p class="notice" role="status">Freshdesk's search reaches only the first ${SEARCH_REACH} matching tickets; the list stops there.</p>`}
        ${!filtered && offset + LIMIT >= LIST_REACH && html`<p class="notice" role="status">Freshdesk's ticket list reaches only its first ${LIST_REACH.toLocaleString()} tickets in this order; search finds the others.</p>`}
        ${body.data.length === 0 && html`<${Empty}>No more tickets.</${Empty}>`}
        <${DataTable}
          columns=${ticketColumns(agentsById)}
          rows=${body.data}
          caption=${`Tickets${describe ? ` (${describe})` : ""}, ${offset + 1} to ${offset + body.data.length}`}
          testid="tickets-table"
          rowLabel=${(t) => `Ticket #${t.id}: ${t.subject}`}
          onOpen=${(ticket) => onOpen("ticket", ticket)}
        />
        <${Pager}
          offset=${offset}
          count=${body.data.length}
          limit=${LIMIT}
          total=${total}
          more=${body.truncated || offset + LIMIT >= (filtered ? SEARCH_REACH : LIST_REACH) ? false : undefined}
          busy=${tickets.state === "loading"}
          onPage=${setOffset}
          label="Ticket pages"
        />
      `}
    </${Loaded}>
    ${creating && html`<${CreateTicketDialog}
      onClose=${() => setCreating(false)}
      onCreated=${(ticket) => {
        setCreating(false);
        setCreated(ticket);
        forget("/stats");
        setRefresh((value) => value + 1);
      }}
    />`}
  </div>`;
}

const FIELDS = ["subject", "description", "email", "priority", "status"];

/** The create-ticket form. The checks are the adapter's: its message shows next to the field it names. */
export function CreateTicketDialog({ onClose, onCreated }) {
  const [values, setValues] = useState({ subject: "", description: "", email: "", priority: "1", status: "2" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (event) => {
    const value = event.currentTarget.value;
    setValues((previous) => ({ ...previous, [name]: value }));
  };

  const fieldOf = (failure) => {
    if (!(failure instanceof ApiError)) return {};
    const found = {};
    for (const detail of failure.details) {
      if (detail && FIELDS.includes(detail.field) && !found[detail.field]) found[detail.field] = detail.message;
    }
    if (!Object.keys(found).length) {
      const named = FIELDS.find((name) => new RegExp(`^${name}\\b`).test(failure.message));
      if (named) found[named] = failure.message;
    }
    return found;
  };
  const errors = fieldOf(error);
  const general = error && !Object.keys(errors).length ? message(error) : null;

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await post("/tickets", {
        subject: values.subject,
        description: values.description,
        email: values.email,
        priority: Number(values.priority),
        status: Number(values.status),
      });
      onCreated({ ...body.data, recovered: body.recovered === true }); // top level of the envelope
    } catch (failure) {
      setError(failure);
      setBusy(false);
      const named = Object.keys(fieldOf(failure))[0];
      const field = named && document.getElementById(`create-${named}`);
      if (field) field.focus();
    }
  };

  const field = (name, label, control, hint) => html`<div class="field">
    <label for=${`create-${name}`}>${label}</label>
    ${control({
      id: `create-${name}`,
      name,
      value: values[name],
      onInput: set(name),
      onChange: set(name),
      "aria-invalid": errors[name] ? "true" : "false",
      "aria-describedby": errors[name] ? `create-${name}-error` : hint ? `create-${name}-hint` : undefined,
    })}
    ${hint && html`<p class="hint" id=${`create-${name}-hint`}>${hint}</p>`}
    ${errors[name] && html`<p class="field-error" id=${`create-${name}-error`} data-testid=${`field-error-${name}`}>${errors[name]}</p>`}
  </div>`;

  return html`<${Dialog} title="New ticket" onClose=${onClose} testid="create-ticket-dialog">
    <form class="form" onSubmit=${submit} novalidate>
      ${field("subject", "Subject", (props) => html`<input ...${props} required maxlength="255" />`)}
      ${field("description", "Description", (props) => html`<textarea ...${props} required rows="5"></textarea>`, "Plain text, as the customer should read it.")}
      ${field("email", "Requester email", (props) => html`<input ...${props} type="email" required autocomplete="email" />`)}
      <div class="form-row">
        ${field("priority", "Priority", (props) => html`<select ...${props}>${PRIORITIES.map(([v, l]) => html`<option value=${String(v)}>${l}</option>`)}</select>`)}
        ${field("status", "Status", (props) => html`<select ...${props}>${STATUSES.map(([v, l]) => html`<option value=${String(v)}>${l}</option>`)}</select>`)}
      </div>
      ${general && html`<p class="form-error" role="alert" data-testid="create-ticket-error">${general}</p>`}
      ${Object.keys(errors).length > 0 && html`<p class="visually-hidden" role="alert">${Object.values(errors).join(". ")}</p>`}
      <div class="actions">
        <button type="button" class="button button-quiet" onClick=${onClose}>Cancel</button>
        <button type="submit" class="button button-primary" disabled=${busy}>${busy ? "Creating…" : "Create ticket"}</button>
      </div>
    </form>
  </${Dialog}>`;
}

