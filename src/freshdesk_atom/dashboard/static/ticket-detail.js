// One ticket: its description (as text), its whole thread in order, its properties
// (status, priority, assignee: PUT /tickets/{id}), and a reply and a private note with files.
import { everything, get, postForm, put } from "./api.js";
import { bytes, dateTime, PRIORITIES, priorityName, STATUSES, statusName } from "./format.js";
import { html, useEffect, useMemo, useRef, useState } from "./lib.js";
import { Badge, Dialog, ErrorState, Facts, Loading, message, useRequest } from "./ui.js";

function Attachments({ items }) {
  if (!items || !items.length) return null;
  return html`<ul class="attachments" aria-label="Attachments">
    ${items.map((item) => html`<li key=${item.id}><span class="clip" aria-hidden="true"></span>${item.name}${item.size ? ` (${bytes(item.size)})` : ""}</li>`)}
  </ul>`;
}

function kindOf(conversation) {
  if (conversation.private) return ["note", "Private note"];
  if (conversation.source === 8) return ["forward", "Forward"];
  if (conversation.source === 2) return ["note", "Public note"];
  if (conversation.incoming) return ["incoming", "From the customer"];
  return ["reply", "Reply"];
}

function Thread({ ticket, agentsById }) {
  const items = ticket.conversations || [];
  return html`<section aria-labelledby="thread-heading">
    <h3 id="thread-heading">Conversation (${items.length})</h3>
    ${items.length === 0
      ? html`<p class="hint" data-testid="thread-empty">No replies or notes yet.</p>`
      : html`<ol class="thread" data-testid="ticket-thread">
          ${items.map((conversation) => {
            const [kind, label] = kindOf(conversation);
            const agent = conversation.user_id && agentsById.get(conversation.user_id);
            const who = (agent && agent.name) || conversation.from_email || (conversation.user_id ? `User #${conversation.user_id}` : "Unknown sender");
            return html`<li class=${`message message-${kind}`} key=${conversation.id} data-testid="conversation">
              <div class="message-head">
                <${Badge} kind=${kind}>${label}</${Badge}>
                <span class="message-who">${who}</span>
                <time datetime=${conversation.created_at}>${dateTime(conversation.created_at)}</time>
              </div>
              <p class="message-body">${conversation.body || "(no text)"}</p>
              <${Attachments} items=${conversation.attachments} />
            </li>`;
          })}
        </ol>`}
    ${ticket.conversations_truncated && html`<p class="hint">Only the first 1,000 conversations are shown.</p>`}
  </section>`;
}

function Properties({ ticket, agents, onSaved }) {
  const [values, setValues] = useState({
    status: String(ticket.status),
    priority: String(ticket.priority),
    responder_id: ticket.responder_id ? String(ticket.responder_id) : "",
  });
  const [state, setState] = useState({ busy: false, error: null, saved: false });
  const set = (name) => (event) => {
    const value = event.currentTarget.value;
    setValues((previous) => ({ ...previous, [name]: value }));
    setState({ busy: false, error: null, saved: false });
  };
  const changes = {};
  if (Number(values.status) !== ticket.status) changes.status = Number(values.status);
  if (Number(values.priority) !== ticket.priority) changes.priority = Number(values.priority);
  const responder = values.responder_id ? Number(values.responder_id) : null;
  if (responder !== (ticket.responder_id || null)) changes.responder_id = responder;
  const dirty = Object.keys(changes).length > 0;
  const known = new Set(agents.map((agent) => agent.id));

  const save = async (event) => {
    event.preventDefault();
    if (!dirty || state.busy) return;
    setState({ busy: true, error: null, saved: false });
    try {
      const body = await put(`/tickets/${ticket.id}`, changes);
      setState({ busy: false, error: null, saved: true });
      onSaved(body.data);
    } catch (error) {
      setState({ busy: false, error, saved: false });
    }
  };
  const disabled = ticket.archived || state.busy;
  return html`<form class="form properties" onSubmit=${save} aria-labelledby="properties-heading" data-testid="ticket-properties">
    <h3 id="properties-heading">Properties</h3>
    <div class="form-row">
      <div class="field">
        <label for="detail-status">Status</label>
        <select id="detail-status" value=${values.status} onChange=${set("status")} disabled=${disabled}>
          ${STATUSES.map(([value, label]) => html`<option value=${String(value)}>${label}</option>`)}
          ${!STATUSES.some(([value]) => value === ticket.status) && html`<option value=${String(ticket.status)}>${statusName(ticket.status)}</option>`}
        </select>
      </div>
      <div class="field">
        <label for="detail-priority">Priority</label>
        <select id="detail-priority" value=${values.priority} onChange=${set("priority")} disabled=${disabled}>
          ${PRIORITIES.map(([value, label]) => html`<option value=${String(value)}>${label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="detail-assignee">Assignee</label>
        <select id="detail-assignee" value=${values.responder_id} onChange=${set("responder_id")} disabled=${disabled}>
          <option value="">Unassigned</option>
          ${agents.map((agent) => html`<option value=${String(agent.id)}>${agent.name}${agent.available ? "" : " (away)"}</option>`)}
          ${ticket.responder_id && !known.has(ticket.responder_id) && html`<option value=${String(ticket.responder_id)}>Agent #${ticket.responder_id}</option>`}
        </select>
      </div>
    </div>
    <div class="actions actions-start">
      <button type="submit" class="button button-primary" disabled=${Boolean(ticket.archived)} aria-disabled=${state.busy || !dirty ? "true" : "false"}>${state.busy ? "Saving…" : "Save changes"}</button>
      ${state.saved && html`<span class="ok-text" role="status">Saved.</span>`}
    </div>
    ${state.error && html`<p class="form-error" role="alert">${message(state.error)}</p>`}
  </form>`;
}

/** A reply (kind "reply") or a private note (kind "note"): text and files, sent as a form. */
function Addition({ ticket, kind, onAdded }) {
  const [text, setText] = useState("");
  const [state, setState] = useState({ busy: false, error: null, done: null });
  const files = useRef(null);
  const reply = kind === "reply";
  const id = `${kind}-${ticket.id}`;
  const send = async (event) => {
    event.preventDefault();
    if (state.busy) return;
    const form = new FormData();
    form.append("body", text);
    if (!reply) form.append("private", "true");
    for (const file of (files.current && files.current.files) || []) form.append("attachments[]", file, file.name);
    setState({ busy: true, error: null, done: null });
    try {
      const body = await postForm(`/tickets/${ticket.id}/${reply ? "reply" : "notes"}`, form);
      setText("");
      if (files.current) files.current.value = "";
      const attached = body.data.attachments ? body.data.attachments.length : 0;
      setState({
        busy: false,
        error: null,
        done: `${reply ? "Reply sent" : "Private note added"}${attached ? ` with ${attached} attachment${attached === 1 ? "" : "s"}` : ""}.`,
      });
      onAdded();
    } catch (error) {
      setState({ busy: false, error, done: null });
    }
  };
  const disabled = ticket.archived || state.busy;
  return html`<form class=${`form addition addition-${kind}`} onSubmit=${send} novalidate aria-labelledby=${`${id}-heading`} data-testid=${`${kind}-form`}>
    <h3 id=${`${id}-heading`}>${reply ? "Reply to the customer" : "Private note (agents only)"}</h3>
    <div class="field">
      <label for=${`${id}-body`}>${reply ? "Reply" : "Private note"}</label>
      <textarea id=${`${id}-body`} rows="4" value=${text} disabled=${Boolean(ticket.archived)} readOnly=${state.busy} onInput=${(event) => setText(event.currentTarget.value)}></textarea>
    </div>
    <div class="field">
      <label for=${`${id}-files`}>${reply ? "Attach files to the reply" : "Attach files to the note"}</label>
      <input id=${`${id}-files`} type="file" multiple ref=${files} disabled=${disabled} />
      <p class="hint">Up to 20 MB of files in all.</p>
    </div>
    <div class="actions actions-start">
      <button type="submit" class="button button-primary" disabled=${Boolean(ticket.archived)} aria-disabled=${state.busy ? "true" : "false"}>
        ${state.busy ? "Sending…" : reply ? "Send reply" : "Add note"}
      </button>
      ${state.done && html`<span class="ok-text" role="status">${state.done}</span>`}
    </div>
    ${state.error && html`<p class="form-error" role="alert">${message(state.error)}</p>`}
  </form>`;
}

export function TicketDialog({ id, live, onClose, onChanged }) {
  const [version, setVersion] = useState(0);
  // A live change of this ticket (a reply, a new status) reads it again.
  const liveSeen = useRef(live ? live.n : 0);
  useEffect(() => {
    if (!live || live.n === liveSeen.current) return;
    liveSeen.current = live.n;
    if (live.ids === null || live.ids.has(id)) setVersion((value) => value + 1);
  }, [live, id]);
  const [updated, setUpdated] = useState(null);
  const ticket = useRequest((signal) => get(`/tickets/${id}`, undefined, { signal }).then((body) => body.data), [id, version]);
  const agents = useRequest(() => everything("/agents"), []);
  const agentList = agents.data || [];
  const agentsById = useMemo(() => new Map(agentList.map((agent) => [agent.id, agent])), [agents.data]);
  const changed = () => {
    onChanged();
    setVersion((value) => value + 1);
  };

  let title = `Ticket #${id}`;
  let content;
  if (ticket.state === "error") {
    content = html`<${ErrorState} error=${ticket.error} onRetry=${ticket.reload} what=${`ticket #${id}`} />`;
  } else if (ticket.data === null) {
    content = html`<${Loading} label=${`Loading ticket #${id}…`} />`;
  } else {
    const data = updated && updated.id === ticket.data.id && updated.updated_at > ticket.data.updated_at ? { ...ticket.data, ...updated, email: ticket.data.email } : ticket.data;
    title = `#${data.id} ${data.subject || "(no subject)"}`;
    const assignee = data.responder_id ? (agentsById.get(data.responder_id) || { name: `Agent #${data.responder_id}` }).name : "Unassigned";
    content = html`<div class="detail">
      ${data.archived && html`<p class="notice" role="status">This ticket is archived: Freshdesk keeps it read-only.</p>`}
      ${data.deleted && html`<p class="notice" role="status">This ticket is in the trash.</p>`}
      <div class="badges">
        <${Badge} kind=${`status-${data.status}`}>${statusName(data.status)}</${Badge}>
        <${Badge} kind=${`priority-${data.priority}`}>${priorityName(data.priority)} priority</${Badge}>
        ${data.is_escalated && html`<${Badge} kind="escalated">Escalated</${Badge}>`}
      </div>
      <${Facts}
        items=${[
          ["Requester", [data.requester_name, data.email].filter(Boolean).join(" · ") || (data.requester_id ? `Contact #${data.requester_id}` : null)],
          ["Assignee", assignee],
          ["Type", data.type],
          ["Created", dateTime(data.created_at)],
          ["Updated", dateTime(data.updated_at)],
          ["Due by", dateTime(data.due_by)],
          ["Tags", (data.tags || []).join(", ")],
          data.cc_emails && data.cc_emails.length ? ["CC", data.cc_emails.join(", ")] : null,
        ]}
      />
      <section aria-labelledby="description-heading">
        <h3 id="description-heading">Description</h3>
        <p class="message-body description" data-testid="ticket-description">${data.description || "(no description)"}</p>
        <${Attachments} items=${data.attachments} />
      </section>
      <${Thread} ticket=${data} agentsById=${agentsById} />
      ${agents.state === "error" && html`<p class="form-error" role="alert">The agents could not be loaded: ${message(agents.error)}</p>`}
      <${Properties}
        key=${data.id}
        ticket=${data}
        agents=${agentList}
        onSaved=${(saved) => {
          setUpdated(saved);
          changed();
        }}
      />
      <div class="additions">
        <${Addition} ticket=${data} kind="reply" onAdded=${changed} />
        <${Addition} ticket=${data} kind="note" onAdded=${changed} />
      </div>
    </div>`;
  }
  return html`<${Dialog} title=${title} onClose=${onClose} testid="ticket-dialog" wide=${true}>${content}</${Dialog}>`;
}
