// Live updates: the adapter's GET /events (the mirror's change feed, as Server-Sent Events).
// The page follows it only when the server says it has a mirror (<meta name="freshdesk-atom-live">);
// the browser's EventSource reconnects on its own and sends the last event id, so nothing is missed.

import { API_PREFIX, LIVE } from "./api.js";
import { html, useEffect, useRef, useState } from "./lib.js";

const SETTLE_MS = 250; // changes arriving together (a sync's page, a webhook burst) make one refresh
const MIN_GAP_MS = 3000; // and refreshes (each re-reads the open list from Freshdesk) are 3 s apart at least

/**
 * Follow /events while *enabled*; call onChanges(ticketIds) once per burst of changes, with the
 * ids of the tickets whose record or thread changed (null: anything may have changed, read all).
 * Returns the connection's state: "off", "connecting", "on" or "reconnecting".
 */
export function useLiveChanges(enabled, onChanges) {
  const [state, setState] = useState(LIVE && enabled ? "connecting" : "off");
  const callback = useRef(onChanges);
  callback.current = onChanges;
  useEffect(() => {
    if (!LIVE || !enabled || typeof EventSource === "undefined") {
      setState("off");
      return undefined;
    }
    const source = new EventSource(`${API_PREFIX}/events`);
    let pending = new Set();
    let everything = false;
    let timer = null;
    let lastFlush = -Infinity;
    const flush = () => {
      timer = null;
      lastFlush = Date.now();
      const ids = everything ? null : pending;
      pending = new Set();
      everything = false;
      callback.current(ids);
    };
    const later = () => {
      if (timer === null) timer = setTimeout(flush, Math.max(SETTLE_MS, lastFlush + MIN_GAP_MS - Date.now()));
    };
    source.addEventListener("changes", (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      for (const change of data.changes || []) {
        if (change.ticket_id) pending.add(change.ticket_id);
        else everything = true;
      }
      later();
    });
    source.addEventListener("reset", () => {
      everything = true;
      later();
    });
    source.onopen = () => setState("on");
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "off" : "reconnecting");
    return () => {
      source.close();
      if (timer !== null) clearTimeout(timer);
    };
  }, [enabled]);
  return state;
}

const WORDS = {
  connecting: "Connecting live updates…",
  on: "Live: new tickets and replies appear as they come",
  reconnecting: "Live updates interrupted; reconnecting…",
};

/** The header's word on live updates (nothing when they are off). */
export function LiveStatus({ state }) {
  if (state === "off") return null;
  return html`<span class=${`live-status live-${state}`} role="status" data-testid="live-status" title=${WORDS[state]}>
    <span class="dot" aria-hidden="true"></span>${state === "on" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
    <span class="visually-hidden">${WORDS[state]}</span>
  </span>`;
}
