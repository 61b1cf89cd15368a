// Shared pieces: the three states of every read (loading, empty, error), dialogs,
// tables that open a record with a click or Enter, and a pager.
import { html, useCallback, useEffect, useRef, useState } from "./lib.js";

/**
 * Read with *load* whenever *deps* change; {state, data, error, reload}. An answer that
 * arrives after *deps* changed again is dropped (the request is left to finish rather
 * than aborted: an aborted fetch is a failed request in the browser's log).
 */
export function useRequest(load, deps) {
  const [state, setState] = useState({ state: "loading", data: null, error: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ state: "loading", data: previous.data, error: null }));
    Promise.resolve()
      .then(() => load(undefined))
      .then(
        (data) => live && setState({ state: "ok", data, error: null }),
        (error) => live && setState({ state: "error", data: null, error }),
      );
    return () => {
      live = false;
    };
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, reload };
}

export function Loading({ label }) {
  return html`<div class="state state-loading" role="status" data-testid="state-loading">
    <span class="spinner" aria-hidden="true"></span><span>${label || "Loading…"}</span>
  </div>`;
}

export function Empty({ children }) {
  return html`<div class="state state-empty" role="status" data-testid="state-empty">${children}</div>`;
}

export function message(error) {
  if (!error) return "Something went wrong.";
  return error.message || String(error);
}

export function ErrorState({ error, onRetry, what }) {
  return html`<div class="state state-error" role="alert" data-testid="state-error">
    <p class="state-title">${what ? `Could not load ${what}.` : "Something went wrong."}</p>
    <p class="state-message">${message(error)}</p>
    ${error && error.code === "not_configured" && html`<p>Use the <strong>Connect</strong> button at the top of the page to connect a Freshdesk account.</p>`}
    ${error && (error.code === "invalid_credentials" || error.code === "unknown_account") && html`<p>Use the <strong>Connect</strong> button at the top of the page to connect with another key.</p>`}
    ${onRetry && html`<button type="button" class="button" onClick=${onRetry}>Retry</button>`}
  </div>`;
}

/** The loading/error/empty/ok switch every read goes through. */
export function Loaded({ request, what, isEmpty, empty, children }) {
  if (request.state === "error") {
    return html`<${ErrorState} error=${request.error} onRetry=${request.reload} what=${what} />`;
  }
  if (request.state === "loading" && request.data === null) {
    return html`<${Loading} label=${`Loading ${what}…`} />`;
  }
  if (isEmpty && isEmpty(request.data)) return html`<${Empty}>${empty}</${Empty}>`;
  return html`<div class=${request.state === "loading" ? "is-refreshing" : ""} aria-busy=${request.state === "loading" ? "true" : "false"}>
    ${children(request.data)}
  </div>`;
}

/**
 * A modal <dialog>: opens with showModal (the browser traps focus and Escape closes it),
 * focuses its first field or heading, and gives focus back to what opened it on close.
 */
export function Dialog({ title, onClose, children, testid, wide, describedBy }) {
  const ref = useRef(null);
  const opener = useRef(null);
  const headingId = useRef(`dialog-${Math.random().toString(36).slice(2)}`).current;
  useEffect(() => {
    const dialog = ref.current;
    opener.current = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    const first = dialog && dialog.querySelector("[data-autofocus], input:not([type=hidden]), select, textarea");
    (first || dialog.querySelector("h2")).focus();
    return () => {
      // Close first: while a modal dialog is open the rest of the page is inert.
      if (dialog && dialog.open) dialog.close();
      const back = opener.current;
      if (back && typeof back.focus === "function" && document.contains(back)) back.focus();
    };
  }, []);
  const cancel = (event) => {
    event.preventDefault();
    onClose();
  };
  // A click on the backdrop (the <dialog> itself, outside its content) closes it; a drag
  // that starts inside (selecting text) and ends outside does not.
  const pressed = useRef(null);
  const press = (event) => {
    pressed.current = event.target;
  };
  const backdrop = (event) => {
    if (event.target === ref.current && pressed.current === ref.current) onClose();
  };
  return html`<dialog
    ref=${ref}
    class=${`dialog${wide ? " dialog-wide" : ""}`}
    aria-labelledby=${headingId}
    aria-describedby=${describedBy}
    data-testid=${testid}
    onCancel=${cancel}
    onMouseDown=${press}
    onClick=${backdrop}
  >
    <div class="dialog-inner">
      <header class="dialog-header">
        <h2 id=${headingId} tabindex="-1">${title}</h2>
        <button type="button" class="button button-quiet" onClick=${onClose} aria-label="Close">
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <div class="dialog-body">${children}</div>
    </div>
  </dialog>`;
}

/**
 * A table whose rows open a record (click, Enter or Space on the focused row; arrow keys
 * move between rows). At phone width each row becomes a card (the cells show their labels).
 */
export function DataTable({ columns, rows, onOpen, caption, testid, rowLabel }) {
  const body = useRef(null);
  const key = (event, row) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen(row, event.currentTarget);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling;
      if (next) next.focus();
    }
  };
  return html`<div class="table-wrap">
    <table class="table" data-testid=${testid}>
      <caption class="visually-hidden">${caption}</caption>
      <thead>
        <tr>${columns.map((column) => html`<th scope="col" class=${column.className || ""}>${column.label}</th>`)}</tr>
      </thead>
      <tbody ref=${body}>
        ${rows.map(
          (row) => html`<tr
            key=${row.id}
            tabindex=${onOpen ? "0" : undefined}
            class=${onOpen ? "row-open" : ""}
            data-testid=${testid ? `${testid.replace(/-table$/, "")}-row` : undefined}
            aria-label=${rowLabel ? rowLabel(row) : undefined}
            onClick=${onOpen ? (event) => onOpen(row, event.currentTarget) : undefined}
            onKeyDown=${onOpen ? (event) => key(event, row) : undefined}
          >
            ${columns.map(
              (column) => html`<td data-label=${column.label} class=${column.className || ""}><span class="cell-value">${column.render(row)}</span></td>`,
            )}
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** "1–50 of 20,000" and Previous/Next. */
export function Pager({ offset, count, limit, total, onPage, label, busy, more }) {
  const first = count ? offset + 1 : 0;
  const last = offset + count;
  const fmt = new Intl.NumberFormat(undefined);
  const range = count
    ? `${fmt.format(first)}–${fmt.format(last)}${typeof total === "number" ? ` of ${fmt.format(total)}` : ""}`
    : "No records";
  // A full page means there may be more, whatever the total says: it can lag a minute behind.
  const hasNext = more !== undefined ? more : count === limit;
  return html`<nav class="pager" aria-label=${label || "Pages"}>
    <button type="button" class="button" disabled=${offset === 0} aria-disabled=${busy ? "true" : "false"} onClick=${() => busy || onPage(Math.max(0, offset - limit))}>
      Previous page
    </button>
    <span class="pager-range" data-testid="pager-range" aria-live="polite">${range}</span>
    <button type="button" class="button" disabled=${!hasNext} aria-disabled=${busy ? "true" : "false"} onClick=${() => busy || onPage(offset + limit)}>
      Next page
    </button>
  </nav>`;
}

export function Badge({ kind, children }) {
  return html`<span class=${`badge badge-${kind}`}>${children}</span>`;
}

/** A label/value list for detail views; values left empty show as a dash. */
export function Facts({ items }) {
  return html`<dl class="facts">
    ${items
      .filter(Boolean)
      .map(([label, value]) => html`<div class="fact"><dt>${label}</dt><dd>${value === null || value === undefined || value === "" ? "—" : value}</dd></div>`)}
  </dl>`;
}

/** Keep *ids* in the order given, shown by their names in *byId* ("unknown #id" otherwise). */
export function namesOf(ids, byId, what) {
  return (ids || []).map((id) => {
    const record = byId.get(id);
    return record ? record.name : `Unknown ${what} #${id}`;
  });
}
