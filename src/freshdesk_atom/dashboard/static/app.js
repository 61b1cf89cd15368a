// The support dashboard: a header (account, Connect, search), six tabs, and the dialogs.
// It speaks only the adapter's routes (api.js), so it is also an example of that contract.
import { API_PREFIX, forget, get } from "./api.js";
import { ConnectDialog } from "./connect.js";
import { DashboardTab } from "./dashboard.js";
import { AgentsTab, CompaniesTab, ContactsTab, GroupsTab, RecordDialog } from "./directory.js";
import { html, render, useCallback, useEffect, useErrorBoundary, useRef, useState } from "./lib.js";
import { LiveStatus, useLiveChanges } from "./live.js";
import { SearchForm, SearchResults } from "./search.js";
import { TicketDialog } from "./ticket-detail.js";
import { TicketsTab } from "./tickets.js";
import { ErrorState } from "./ui.js";

const TABS = [
  ["dashboard", "Dashboard", DashboardTab],
  ["tickets", "Tickets", TicketsTab],
  ["contacts", "Contacts", ContactsTab],
  ["companies", "Companies", CompaniesTab],
  ["agents", "Agents", AgentsTab],
  ["groups", "Groups", GroupsTab],
];
const TAB_IDS = TABS.map(([id]) => id);

function tabFromHash() {
  let id = "";
  try {
    id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
  } catch {
    // A malformed hash (#%) is no tab.
  }
  return TAB_IDS.includes(id) ? id : "dashboard";
}

function AccountStatus({ health, account, onConnect }) {
  let text;
  let kind;
  if (health.state === "loading") {
    text = "Checking the Freshdesk account…";
    kind = "muted";
  } else if (health.state === "ok") {
    const data = health.data || {};
    const latency = data.freshdesk && typeof data.freshdesk.latency_ms === "number" ? `, ${Math.round(data.freshdesk.latency_ms)} ms` : "";
    const who = account ? `${account.domain} · ${account.agent.name}` : "Connected";
    text = data.status === "degraded" ? `${who} (rate-limited${latency})` : `${who} (healthy${latency})`;
    kind = data.status === "degraded" ? "warn" : "ok";
  } else if (health.error && health.error.code === "not_configured") {
    text = "Not connected to a Freshdesk account";
    kind = "warn";
  } else {
    text = health.error ? health.error.message : "The account could not be checked";
    kind = "bad";
  }
  return html`<div class="account">
    <span class=${`account-status account-${kind}`} role="status" data-testid="account-status">
      <span class="dot" aria-hidden="true"></span>${text}
    </span>
    <button type="button" class="button" onClick=${onConnect}>Connect</button>
  </div>`;
}

function Tabs({ active, onSelect }) {
  const list = useRef(null);
  const key = (event) => {
    const index = TAB_IDS.indexOf(active);
    let next = null;
    if (event.key === "ArrowRight") next = (index + 1) % TAB_IDS.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + TAB_IDS.length) % TAB_IDS.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = TAB_IDS.length - 1;
    if (next === null) return;
    event.preventDefault();
    onSelect(TAB_IDS[next]);
    const button = list.current && list.current.querySelector(`#tab-${TAB_IDS[next]}`);
    if (button) {
      button.focus();
      button.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  };
  return html`<div class="tabs" role="tablist" aria-label="Sections" ref=${list} onKeyDown=${key}>
    ${TABS.map(
      ([id, label]) => html`<button
        type="button"
        role="tab"
        id=${`tab-${id}`}
        class="tab"
        aria-selected=${id === active ? "true" : "false"}
        aria-controls=${`panel-${id}`}
        tabindex=${id === active ? "0" : "-1"}
        onClick=${() => onSelect(id)}
      >
        ${label}
      </button>`,
    )}
  </div>`;
}

function App() {
  const [tab, setTab] = useState(tabFromHash);
  const [generation, setGeneration] = useState(0); // a new account reloads everything
  const [health, setHealth] = useState({ state: "loading", data: null, error: null });
  const [account, setAccount] = useState(null);
  const [connecting, setConnecting] = useState(false);
  const [search, setSearch] = useState(null);
  const [opened, setOpened] = useState(null); // {kind, record} of a dialog
  const [changes, setChanges] = useState(0); // a ticket changed in its dialog: lists read again
  const [live, setLive] = useState({ n: 0, ids: null }); // the last burst of live changes

  useEffect(() => {
    const follow = () => setTab(tabFromHash());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);

  useEffect(() => {
    let live = true;
    setHealth({ state: "loading", data: null, error: null });
    get("/health").then(
      (body) => live && setHealth({ state: "ok", data: body.data, error: null }),
      (error) => live && setHealth({ state: "error", data: null, error }),
    );
    return () => {
      live = false;
    };
  }, [generation]);

  const select = useCallback((id) => {
    setTab(id);
    if (window.location.hash !== `#${id}`) window.history.replaceState(null, "", `#${id}`);
  }, []);

  const connected = (answer) => {
    setAccount(answer);
    setConnecting(false);
    forget();
    setSearch(null);
    setGeneration((value) => value + 1);
  };

  const open = useCallback((kind, record) => setOpened({ kind, record }), []);
  const ticketChanged = useCallback(() => {
    forget("/stats");
    setChanges((value) => value + 1);
  }, []);
  const liveChanged = useCallback((ids) => {
    forget("/stats");
    setChanges((value) => value + 1);
    setLive((previous) => ({ n: previous.n + 1, ids }));
  }, []);
  const liveState = useLiveChanges(health.state === "ok", liveChanged);
  // The address's hash names the tab, so the skip link moves focus without touching it.
  const skip = (event) => {
    event.preventDefault();
    const main = document.getElementById("main");
    if (main) main.focus();
  };
  const current = TABS.find(([id]) => id === tab);
  const Panel = current[2];

  return html`<div class="shell">
    <a class="skip-link" href="#main" onClick=${skip}>Skip to content</a>
    <header class="topbar">
      <div class="brand">
        <span class="brand-mark" aria-hidden="true">F</span>
        <h1>Support dashboard</h1>
      </div>
      <${AccountStatus} health=${health} account=${account} onConnect=${() => setConnecting(true)} />
      <${LiveStatus} state=${liveState} />
      <${SearchForm} onSearch=${setSearch} />
    </header>
    ${search && html`<${SearchResults} key=${`${generation}:${search.type}:${search.query}:${search.at}`} search=${search} onOpen=${open} onClose=${() => setSearch(null)} />`}
    <main id="main" class="main" tabindex="-1">
      <${Tabs} active=${tab} onSelect=${select} />
      <section class="panel" role="tabpanel" id=${`panel-${tab}`} aria-labelledby=${`tab-${tab}`} tabindex="0" data-testid=${`panel-${tab}`}>
        <${Panel} key=${`${tab}:${generation}`} generation=${generation} changes=${changes} onOpen=${open} />
      </section>
    </main>
    <footer class="footer">
      <p>freshdesk-atom support dashboard · data from the adapter at <code>${API_PREFIX}/</code></p>
    </footer>
    ${connecting && html`<${ConnectDialog} onClose=${() => setConnecting(false)} onConnected=${connected} />`}
    ${opened && opened.kind === "ticket" && html`<${TicketDialog} key=${`ticket:${opened.record.id}`} id=${opened.record.id} live=${live} onClose=${() => setOpened(null)} onChanged=${ticketChanged} />`}
    ${opened && opened.kind !== "ticket" && html`<${RecordDialog} key=${`${opened.kind}:${opened.record.id}`} kind=${opened.kind} record=${opened.record} onClose=${() => setOpened(null)} onOpen=${open} />`}
  </div>`;
}

function Fallback({ error }) {
  const shown = new Error(`The page failed to draw (${error && error.message ? error.message : "unknown error"}). Reload the page to start again.`);
  return html`<main class="main"><${ErrorState} error=${shown} onRetry=${() => window.location.reload()} /></main>`;
}

function Root() {
  // Preact's error boundary: a failure while drawing shows words and a way back, never a blank page.
  const [error] = useErrorBoundary();
  return error ? html`<${Fallback} error=${error} />` : html`<${App} />`;
}

const root = document.getElementById("app");
root.textContent = ""; // the "Loading…" line of index.html
render(html`<${Root} />`, root);
