// Contacts, Companies, Agents and Groups: tables with a filter box (over the loaded records),
// a search of the whole account for contacts and companies, and a detail dialog for each.
import { cached, everything, get } from "./api.js";
import { dateOnly, dateTime, plural, priorityName, quoted, statusName } from "./format.js";
import { html, useMemo, useState } from "./lib.js";
import { runSearch, summary } from "./search.js";
import { Badge, DataTable, Dialog, Empty, ErrorState, Facts, Loaded, Loading, namesOf, Pager, useRequest } from "./ui.js";

const LIMIT = 50;

function matches(record, text, fields) {
  if (!text) return true;
  const haystack = fields
    .map((field) => {
      const value = typeof field === "function" ? field(record) : record[field];
      return Array.isArray(value) ? value.join(" ") : value === null || value === undefined ? "" : String(value);
    })
    .join(" ")
    .toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

function Available({ agent }) {
  return agent.available ? html`<${Badge} kind="available">Available</${Badge}>` : html`<${Badge} kind="away">Away</${Badge}>`;
}

const useAgents = (generation) => useRequest(() => everything("/agents"), [generation]);
const useGroups = (generation) => useRequest(() => everything("/groups"), [generation]);
const byId = (records) => new Map((records || []).map((record) => [record.id, record]));

const KINDS = {
  contacts: {
    type: "contact",
    one: "contact",
    title: "Contacts",
    path: "/contacts",
    total: "total_contacts",
    fields: ["name", "email", "phone", "mobile", "job_title", "twitter_id"],
    columns: () => [
      { label: "Name", render: (c) => c.name, className: "cell-main" },
      { label: "Email", render: (c) => c.email || "—" },
      { label: "Phone", render: (c) => c.phone || c.mobile || "—" },
      { label: "Job title", render: (c) => c.job_title || "—" },
      { label: "Status", render: (c) => (c.active ? html`<${Badge} kind="available">Verified</${Badge}>` : html`<${Badge} kind="away">Unverified</${Badge}>`) },
    ],
  },
  companies: {
    type: "company",
    one: "company",
    title: "Companies",
    path: "/companies",
    total: "total_companies",
    fields: ["name", "description", "industry", "domains", "account_tier"],
    columns: () => [
      { label: "Name", render: (c) => c.name, className: "cell-main" },
      { label: "Domains", render: (c) => (c.domains || []).join(", ") || "—" },
      { label: "Industry", render: (c) => c.industry || "—" },
      { label: "Tier", render: (c) => c.account_tier || "—" },
      { label: "Created", render: (c) => dateOnly(c.created_at) },
    ],
  },
};

/** Contacts or companies: a page of the account at a time, or the matches of a search. */
function PagedTab({ kind, generation, onOpen }) {
  const config = KINDS[kind];
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState("");
  const [search, setSearch] = useState(null);
  const page = useRequest((signal) => get(config.path, { limit: LIMIT, offset }, { signal }), [offset, generation]);
  const stats = useRequest(() => cached("/stats").then((body) => body.data), [generation]);
  const found = useRequest((signal) => (search ? runSearch(search, signal, 100) : Promise.resolve(null)), [search, generation]);
  const total = stats.state === "ok" ? stats.data[config.total] : undefined;
  const columns = config.columns();
  const searchAll = () => {
    const text = filter.trim();
    if (text) setSearch({ query: text, type: config.type, at: Date.now() });
  };
  const table = (rows, caption) => html`<${DataTable}
    columns=${columns}
    rows=${rows}
    caption=${caption}
    testid=${`${kind}-table`}
    rowLabel=${(record) => record.name}
    onOpen=${(record) => onOpen(config.type, record)}
  />`;

  let body;
  if (search) {
    if (found.state === "error") body = html`<${ErrorState} error=${found.error} onRetry=${found.reload} what="the search results" />`;
    else if (found.state === "loading" || !found.data) body = html`<${Loading} label=${`Searching ${kind} for ${quoted(search.query)}…`} />`;
    else
      body = html`<p class="search-summary" role="status" data-testid=${`${kind}-search-summary`}>${summary(search, found.data)}</p>
        ${found.data.results.length ? table(found.data.results, `${config.title} matching ${quoted(search.query)}`) : html`<${Empty}>No ${kind} matched ${quoted(search.query)}.</${Empty}>`}`;
  } else {
    body = html`<${Loaded} request=${page} what=${`the ${kind}`} isEmpty=${(answer) => answer.data.length === 0 && offset === 0} empty=${`No ${kind} in this account yet.`}>
      ${(answer) => {
        const rows = answer.data.filter((record) => matches(record, filter.trim(), config.fields));
        return html`${filter.trim() && html`<p class="hint" role="status">${plural(rows.length, "match", "matches")} for ${quoted(filter.trim())} on this page of ${answer.data.length}. Use “Search all ${kind}” to search the whole account.</p>`}
          ${rows.length ? table(rows, `${config.title}, ${offset + 1} to ${offset + answer.data.length}`) : html`<${Empty}>Nothing on this page matches ${quoted(filter.trim())}.</${Empty}>`}
          <${Pager} offset=${offset} count=${answer.data.length} limit=${LIMIT} total=${total} busy=${page.state === "loading"} onPage=${setOffset} label=${`${config.title} pages`} />`;
      }}
    </${Loaded}>`;
  }
  return html`<div class="stack">
    <div class="section-head"><h2>${config.title}</h2></div>
    <form class="toolbar" role="search" aria-label=${`${config.title}: filter and search`} onSubmit=${(event) => { event.preventDefault(); searchAll(); }}>
      <div class="field-inline field-grow">
        <label for=${`${kind}-filter`}>Filter ${kind}</label>
        <input id=${`${kind}-filter`} type="search" value=${filter} onInput=${(event) => setFilter(event.currentTarget.value)} placeholder="Name, email, domain…" />
      </div>
      <button type="submit" class="button" disabled=${!filter.trim()}>Search all ${kind}</button>
      ${search && html`<button type="button" class="button button-quiet" onClick=${() => setSearch(null)}>Back to the list</button>`}
    </form>
    ${body}
  </div>`;
}

export const ContactsTab = (props) => html`<${PagedTab} kind="contacts" ...${props} />`;
export const CompaniesTab = (props) => html`<${PagedTab} kind="companies" ...${props} />`;

/** Agents or groups: all of them (they are few), filtered on the page; memberships by name. */
function PeopleTab({ kind, generation, onOpen }) {
  const agents = useAgents(generation);
  const groups = useGroups(generation);
  const [filter, setFilter] = useState("");
  const agentsById = useMemo(() => byId(agents.data), [agents.data]);
  const groupsById = useMemo(() => byId(groups.data), [groups.data]);
  const isAgents = kind === "agents";
  const main = isAgents ? agents : groups;
  const other = isAgents ? groups : agents;
  const columns = isAgents
    ? [
        { label: "Name", render: (a) => a.name, className: "cell-main" },
        { label: "Email", render: (a) => a.email || "—" },
        { label: "Availability", render: (a) => html`<${Available} agent=${a} />` },
        { label: "Groups", render: (a) => namesOf(a.group_ids, groupsById, "group").join(", ") || "No group" },
      ]
    : [
        { label: "Name", render: (g) => g.name, className: "cell-main" },
        { label: "Description", render: (g) => g.description || "—" },
        { label: "Agents", render: (g) => namesOf(g.agent_ids, agentsById, "agent").join(", ") || "No agents" },
        { label: "Escalation", render: (g) => (g.escalated ? "Escalates" : "—") },
      ];
  const fields = isAgents
    ? ["name", "email", "job_title", (a) => namesOf(a.group_ids, groupsById, "group")]
    : ["name", "description", (g) => namesOf(g.agent_ids, agentsById, "agent")];
  const title = isAgents ? "Agents" : "Groups";
  return html`<div class="stack">
    <div class="section-head"><h2>${title}</h2></div>
    <form class="toolbar" role="search" aria-label=${`${title}: filter`} onSubmit=${(event) => event.preventDefault()}>
      <div class="field-inline field-grow">
        <label for=${`${kind}-filter`}>Filter ${kind}</label>
        <input id=${`${kind}-filter`} type="search" value=${filter} onInput=${(event) => setFilter(event.currentTarget.value)} placeholder=${isAgents ? "Name, email, group…" : "Name, agent…"} />
      </div>
    </form>
    ${other.state === "error" && html`<p class="notice" role="status">${isAgents ? "Group" : "Agent"} names could not be loaded (${other.error.message}); numbers are shown instead.</p>`}
    <${Loaded} request=${main} what=${`the ${kind}`} isEmpty=${(records) => records.length === 0} empty=${`No ${kind} in this account.`}>
      ${(records) => {
        const rows = records.filter((record) => matches(record, filter.trim(), fields));
        return html`${filter.trim() && html`<p class="hint" role="status">${plural(rows.length, isAgents ? "agent" : "group")} of ${records.length} match ${quoted(filter.trim())}.</p>`}
          ${rows.length
            ? html`<${DataTable}
                columns=${columns}
                rows=${rows}
                caption=${title}
                testid=${`${kind}-table`}
                rowLabel=${(record) => record.name}
                onOpen=${(record) => onOpen(isAgents ? "agent" : "group", record)}
              />`
            : html`<${Empty}>No ${kind} match ${quoted(filter.trim())}.</${Empty}>`}
          <p class="hint">${plural(records.length, isAgents ? "agent" : "group")}.</p>`;
      }}
    </${Loaded}>
  </div>`;
}

export const AgentsTab = (props) => html`<${PeopleTab} kind="agents" ...${props} />`;
export const GroupsTab = (props) => html`<${PeopleTab} kind="groups" ...${props} />`;

function RequesterTickets({ contact, onOpen }) {
  const found = useRequest(
    (signal) => (contact.email ? runSearch({ query: contact.email, type: "ticket" }, signal, 20) : Promise.resolve(null)),
    [contact.id],
  );
  if (!contact.email) return null;
  let content;
  if (found.state === "error") content = html`<${ErrorState} error=${found.error} onRetry=${found.reload} what="their tickets" />`;
  else if (!found.data) content = html`<${Loading} label="Loading their tickets…" />`;
  else if (!found.data.results.length) content = html`<p class="hint">No tickets from ${contact.email}.</p>`;
  else
    content = html`<ul class="link-list">
      ${found.data.results.map(
        (ticket) => html`<li key=${ticket.id}>
          <button type="button" class="button button-link" onClick=${() => onOpen("ticket", ticket)}>#${ticket.id} ${ticket.subject}</button>
          <span class="hint"> · ${statusName(ticket.status)} · ${priorityName(ticket.priority)}</span>
        </li>`,
      )}
    </ul>`;
  return html`<section aria-labelledby="requester-tickets"><h3 id="requester-tickets">Tickets</h3>${content}</section>`;
}

function Members({ title, names }) {
  return html`<section aria-label=${title}>
    <h3>${title}</h3>
    ${names.length ? html`<ul class="chips">${names.map((name) => html`<li>${name}</li>`)}</ul>` : html`<p class="hint">None.</p>`}
  </section>`;
}

/** The detail dialog of a contact, company, agent or group. */
export function RecordDialog({ kind, record, onClose, onOpen }) {
  const agents = useAgents(0);
  const groups = useGroups(0);
  const agentsById = useMemo(() => byId(agents.data), [agents.data]);
  const groupsById = useMemo(() => byId(groups.data), [groups.data]);
  let facts;
  let extra = null;
  if (kind === "contact") {
    facts = [
      ["Email", record.email],
      ["Phone", record.phone],
      ["Mobile", record.mobile],
      ["Job title", record.job_title],
      ["Company", record.company_id ? `Company #${record.company_id}` : null],
      ["Time zone", record.time_zone],
      ["Language", record.language],
      ["Address", record.address],
      ["Verified", record.active ? "Yes" : "No"],
      ["Last login", dateTime(record.last_login_at)],
      ["Created", dateTime(record.created_at)],
      record.description ? ["About", record.description] : null,
    ];
    extra = html`<${RequesterTickets} contact=${record} onOpen=${onOpen} />`;
  } else if (kind === "company") {
    facts = [
      ["Domains", (record.domains || []).join(", ")],
      ["Industry", record.industry],
      ["Account tier", record.account_tier],
      ["Health score", record.health_score],
      ["Renewal", dateOnly(record.renewal_date)],
      ["Created", dateTime(record.created_at)],
      ["Description", record.description],
      ["Note", record.note],
    ];
  } else if (kind === "agent") {
    facts = [
      ["Email", record.email],
      ["Availability", html`<${Available} agent=${record} />`],
      ["Job title", record.job_title],
      ["Type", record.type],
      ["Phone", record.phone || record.mobile],
      ["Time zone", record.time_zone],
      ["Language", record.language],
      ["Last login", dateTime(record.last_login_at)],
      ["Agent since", dateOnly(record.created_at)],
    ];
    extra = groups.state === "error"
      ? html`<${ErrorState} error=${groups.error} onRetry=${groups.reload} what="the groups" />`
      : html`<${Members} title="Groups" names=${namesOf(record.group_ids, groupsById, "group")} />`;
  } else {
    const escalateTo = record.escalate_to ? (agentsById.get(record.escalate_to) || { name: `Agent #${record.escalate_to}` }).name : null;
    facts = [
      ["Description", record.description],
      ["Escalates to", escalateTo],
      ["Unassigned for", record.unassigned_for],
      ["Created", dateOnly(record.created_at)],
    ];
    extra = agents.state === "error"
      ? html`<${ErrorState} error=${agents.error} onRetry=${agents.reload} what="the agents" />`
      : html`<${Members}
          title="Agents"
          names=${(record.agent_ids || []).map((id) => {
            const agent = agentsById.get(id);
            return agent ? `${agent.name} (${agent.available ? "available" : "away"})` : `Unknown agent #${id}`;
          })}
        />`;
  }
  return html`<${Dialog} title=${record.name} onClose=${onClose} testid=${`${kind}-dialog`}>
    <${Facts} items=${facts} />
    ${extra}
  </${Dialog}>`;
}
