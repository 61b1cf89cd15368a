// The global search: POST /search, and an answer that says what it searched and how many it found.
import { post } from "./api.js";
import { dateTime, number, priorityName, quoted, statusName } from "./format.js";
import { html, useState } from "./lib.js";
import { Badge, DataTable, ErrorState, Loading, useRequest } from "./ui.js";

const KINDS = [
  ["ticket", "Tickets", "tickets"],
  ["contact", "Contacts", "contacts"],
  ["company", "Companies", "companies"],
];
const PLURAL = new Map(KINDS.map(([type, , plural]) => [type, plural]));

export function SearchForm({ onSearch }) {
  const [query, setQuery] = useState("");
  const [type, setType] = useState("ticket");
  const submit = (event) => {
    event.preventDefault();
    const text = query.trim();
    if (text) onSearch({ query: text, type, at: Date.now() });
  };
  return html`<form class="search" role="search" aria-label="Search the account" onSubmit=${submit}>
    <label class="visually-hidden" for="search-type">Search in</label>
    <select id="search-type" value=${type} onChange=${(event) => setType(event.currentTarget.value)}>
      ${KINDS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
    </select>
    <label class="visually-hidden" for="search-query">Search</label>
    <input
      id="search-query"
      type="search"
      placeholder="Search: words, #42, an email, status:2"
      value=${query}
      maxlength="512"
      onInput=${(event) => setQuery(event.currentTarget.value)}
    />
    <button type="submit" class="button button-primary">Search</button>
  </form>`;
}

/** Search *search.type* for *search.query*; the result is a word count with its reach. */
export async function runSearch(search, signal, limit = 50) {
  const body = await post("/search", { query: search.query, type: search.type, limit }, { signal });
  return body.data;
}

export function summary(search, data) {
  const what = PLURAL.get(search.type) || search.type;
  const found = `${number(data.total_count)} found`;
  let reach = "";
  if (!data.complete && typeof data.scanned === "number") {
    reach = ` (in the ${number(data.scanned)} most recent ${what}; older ones were not searched)`;
  } else if (!data.complete) {
    reach = " (not the whole account)";
  }
  return `Searched ${what} for ${quoted(search.query)}: ${found}${reach}`;
}

const COLUMNS = {
  ticket: [
    { label: "Ticket", render: (t) => `#${t.id}` },
    { label: "Subject", render: (t) => t.subject, className: "cell-main" },
    { label: "Status", render: (t) => html`<${Badge} kind=${`status-${t.status}`}>${statusName(t.status)}</${Badge}>` },
    { label: "Priority", render: (t) => priorityName(t.priority) },
    { label: "Updated", render: (t) => dateTime(t.updated_at) },
  ],
  contact: [
    { label: "Name", render: (c) => c.name, className: "cell-main" },
    { label: "Email", render: (c) => c.email || "—" },
    { label: "Phone", render: (c) => c.phone || c.mobile || "—" },
  ],
  company: [
    { label: "Name", render: (c) => c.name, className: "cell-main" },
    { label: "Domains", render: (c) => (c.domains || []).join(", ") || "—" },
    { label: "Industry", render: (c) => c.industry || "—" },
  ],
};

export function SearchResults({ search, onOpen, onClose }) {
  const request = useRequest((signal) => runSearch(search, signal), [search]);
  const what = PLURAL.get(search.type);
  let content;
  if (request.state === "loading") content = html`<${Loading} label=${`Searching ${what} for ${quoted(search.query)}…`} />`;
  else if (request.state === "error") content = html`<${ErrorState} error=${request.error} onRetry=${request.reload} what="the search results" />`;
  else {
    const data = request.data;
    content = html`<p class="search-summary" role="status" data-testid="search-summary">${summary(search, data)}</p>
      ${data.freshdesk_query && html`<p class="hint">Freshdesk query: <code>${data.freshdesk_query}</code></p>`}
      ${data.results.length
        ? html`<${DataTable}
            columns=${COLUMNS[search.type]}
            rows=${data.results}
            caption=${`Search results: ${what}`}
            testid="search-results-table"
            onOpen=${(record) => onOpen(search.type, record)}
          />`
        : html`<p class="hint">Nothing matched. Freshdesk's search reads fields (email, phone, status:2, tag:'vip'); other words are looked for in the most recent records.</p>`}
      ${data.has_more && html`<p class="hint">Showing the first ${number(data.results.length)}.</p>`}`;
  }
  return html`<section class="search-results" aria-label="Search results" data-testid="search-results">
    <div class="section-head">
      <h2>Search results</h2>
      <button type="button" class="button button-quiet" onClick=${onClose}>Close search results</button>
    </div>
    ${content}
  </section>`;
}
