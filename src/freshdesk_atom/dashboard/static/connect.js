// The connect dialog: a Freshdesk domain and an API key, sent once to POST /auth.
// The key is never kept: the field is cleared as soon as it is sent, whatever the answer.
import { post } from "./api.js";
import { html, useRef, useState } from "./lib.js";
import { Dialog, message } from "./ui.js";

export function ConnectDialog({ onClose, onConnected }) {
  const [domain, setDomain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const keyField = useRef(null);

  const submit = async (event) => {
    event.preventDefault();
    const field = keyField.current;
    const apiKey = field ? field.value : "";
    if (field) field.value = ""; // gone from the page before the request leaves
    setBusy(true);
    setError(null);
    try {
      const body = await post("/auth", { api_key: apiKey, domain: domain.trim() });
      onConnected(body.data);
    } catch (failure) {
      setError(failure);
      setBusy(false);
      if (field) field.focus();
    }
  };

  const domainError = error && error.fieldMessage && error.fieldMessage("domain");
  const keyError = error && error.fieldMessage && error.fieldMessage("api_key");
  return html`<${Dialog} title="Connect to Freshdesk" onClose=${onClose} testid="connect-dialog">
    <form class="form" onSubmit=${submit} novalidate>
      <p class="hint">
        The key is sent once to this server, which checks it with Freshdesk and keeps it in its
        memory, for every user of this server, until it restarts; the page forgets it at once.
      </p>
      <div class="field">
        <label for="connect-domain">Freshdesk domain</label>
        <input
          id="connect-domain"
          name="domain"
          autocomplete="url"
          placeholder="yourcompany.freshdesk.com"
          required
          value=${domain}
          onInput=${(event) => setDomain(event.currentTarget.value)}
          aria-invalid=${domainError ? "true" : "false"}
          aria-describedby=${domainError ? "connect-domain-error" : undefined}
        />
        ${domainError && html`<p class="field-error" id="connect-domain-error" data-testid="field-error-domain">${domainError}</p>`}
      </div>
      <div class="field">
        <label for="connect-key">API key</label>
        <input
          id="connect-key"
          name="api_key"
          type="password"
          autocomplete="off"
          spellcheck="false"
          required
          ref=${keyField}
          aria-invalid=${keyError ? "true" : "false"}
          aria-describedby=${keyError ? "connect-key-error" : undefined}
        />
        ${keyError && html`<p class="field-error" id="connect-key-error" data-testid="field-error-api_key">${keyError}</p>`}
        <p class="hint">Your profile in Freshdesk → “Your API Key”.</p>
      </div>
      ${error && !domainError && !keyError && html`<p class="form-error" role="alert" data-testid="connect-error">${message(error)}</p>`}
      <div class="actions">
        <button type="button" class="button button-quiet" onClick=${onClose}>Cancel</button>
        <button type="submit" class="button button-primary" disabled=${busy}>
          ${busy ? "Connecting…" : "Connect to Freshdesk"}
        </button>
      </div>
    </form>
  </${Dialog}>`;
}
