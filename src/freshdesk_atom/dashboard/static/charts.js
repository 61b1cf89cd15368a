// Charts with Chart.js (vendored, loaded on first use). Every chart is a canvas with
// role="img" and a one-line summary as its name, and its numbers in a table below it.
import { html, useEffect, useRef, useState } from "./lib.js";

let loading = null;

/** Load the vendored Chart.js once; its UMD build sets window.Chart. */
export function loadChart() {
  if (!loading) {
    loading = import("./vendor/chart.js-4.6.2/chart.umd.min.js").then(() => {
      const Chart = window.Chart;
      if (!Chart) throw new Error("Chart.js did not load");
      const styles = getComputedStyle(document.documentElement);
      Chart.defaults.font.family = styles.getPropertyValue("--font").trim() || "system-ui, sans-serif";
      Chart.defaults.color = "#334155";
      Chart.defaults.borderColor = "#e2e8f0";
      Chart.defaults.maintainAspectRatio = false;
      if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;
      return Chart;
    });
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

export const COLORS = {
  blue: "#2563eb",
  green: "#15803d",
  amber: "#b45309",
  red: "#b91c1c",
  purple: "#7c3aed",
  slate: "#64748b",
  teal: "#0f766e",
  pink: "#be185d",
};

/**
 * One chart: *config* is a Chart.js configuration; *label* its text alternative; *table*
 * ({head, rows}) the numbers, shown on demand and read by screen readers.
 */
export function ChartFigure({ title, config, label, table, testid, note }) {
  const canvas = useRef(null);
  const [failure, setFailure] = useState(null);
  useEffect(() => {
    let chart = null;
    let live = true;
    loadChart().then(
      (Chart) => {
        if (live && canvas.current) chart = new Chart(canvas.current, config);
      },
      (error) => live && setFailure(error),
    );
    return () => {
      live = false;
      if (chart) chart.destroy();
    };
  }, [config]);
  return html`<figure class="chart card" data-testid=${testid}>
    <figcaption class="chart-title">${title}</figcaption>
    ${note && html`<p class="hint chart-note">${note}</p>`}
    ${failure
      ? html`<p class="state state-error" role="alert">The chart could not be drawn (${failure.message}); its numbers are below.</p>`
      : html`<div class="chart-box"><canvas ref=${canvas} role="img" aria-label=${label}>${label}</canvas></div>`}
    <details class="chart-data" open=${Boolean(failure)}>
      <summary>Show the numbers</summary>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${`${title}: the numbers`}>
        <table class="table table-compact">
          <caption class="visually-hidden">${title}</caption>
          <thead><tr>${table.head.map((cell) => html`<th scope="col">${cell}</th>`)}</tr></thead>
          <tbody>
            ${table.rows.map(
              (row) => html`<tr>${row.map((cell, index) => (index === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </figure>`;
}
