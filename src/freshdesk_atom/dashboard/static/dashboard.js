// The Dashboard tab: the figures of GET /stats as cards, and the trends of
// GET /stats/trends as charts (volume, status, priority, response times, CSAT).
import { cached, get } from "./api.js";
import { ChartFigure, COLORS } from "./charts.js";
import { day, decimal, hours, number, plural, priorityName, statusName } from "./format.js";
import { html, useMemo, useState } from "./lib.js";
import { Facts, Loaded, useRequest } from "./ui.js";

const PERIODS = [7, 30, 90];
const STATUS_COLORS = { 2: COLORS.blue, 3: COLORS.amber, 4: COLORS.green, 5: COLORS.slate };
const PRIORITY_COLORS = { 1: COLORS.slate, 2: COLORS.blue, 3: COLORS.amber, 4: COLORS.red };
const EXTRA = [COLORS.purple, COLORS.teal, COLORS.pink, COLORS.red];

function Card({ label, value, detail, testid }) {
  return html`<div class="card stat" data-testid=${testid}>
    <p class="stat-label">${label}</p>
    <p class="stat-value">${value}</p>
    ${detail && html`<p class="stat-detail">${detail}</p>`}
  </div>`;
}

function Summary({ stats }) {
  const since = stats.averages_since ? `since ${stats.averages_since}` : "over all time";
  return html`<div class="stats-grid">
      <${Card} testid="stat-total-tickets" label="Tickets" value=${number(stats.total_tickets)} detail="all time" />
      <${Card}
        testid="stat-open-tickets"
        label="Open tickets"
        value=${number(stats.open_tickets)}
        detail=${typeof stats.pending_tickets === "number" ? `${number(stats.pending_tickets)} pending` : null}
      />
      <${Card}
        testid="stat-first-response"
        label="Average first response"
        value=${hours(stats.avg_first_response_time)}
        detail=${since}
      />
      <${Card}
        testid="stat-csat"
        label="Customer satisfaction"
        value=${typeof stats.satisfaction_rating === "number" ? `${decimal(stats.satisfaction_rating)} / 5` : "No ratings"}
        detail=${since}
      />
    </div>
    <div class="card card-padded"><${Facts}
      items=${[
        ["Resolved", number(stats.resolved_tickets)],
        ["Closed", number(stats.closed_tickets)],
        ["Average resolution", hours(stats.avg_resolution_time)],
        ["Contacts", number(stats.total_contacts)],
        ["Companies", number(stats.total_companies)],
        ["Agents", number(stats.total_agents)],
        ["Groups", number(stats.total_groups)],
      ]}
    /></div>`;
}

const sum = (values) => values.reduce((total, value) => total + (typeof value === "number" ? value : 0), 0);
const mean = (values) => {
  const known = values.filter((value) => typeof value === "number");
  return known.length ? sum(known) / known.length : null;
};

function lineDataset(label, data, color, extra) {
  return { label, data, borderColor: color, backgroundColor: color, pointRadius: 3, cubicInterpolationMode: "monotone", spanGaps: true, ...extra };
}

function charts(trends) {
  const days = trends.days || [];
  const labels = days.map((entry) => day(entry.date));
  const period = `${day(trends.since)} to ${day(trends.until)}`;
  const created = days.map((entry) => entry.created);
  const resolved = days.map((entry) => entry.resolved);
  const busiest = days.reduce((best, entry) => (best === null || entry.created > best.created ? entry : best), null);
  const firstResponse = days.map((entry) => entry.first_response_hours);
  const resolution = days.map((entry) => entry.resolution_hours);
  const satisfaction = days.map((entry) => entry.satisfaction);
  const ratings = sum(days.map((entry) => entry.ratings));
  const byStatus = trends.by_status || [];
  const byPriority = trends.by_priority || [];
  const round = (value) => (typeof value === "number" ? decimal(value) : "—");
  const ratingScale = { y: { min: 1, max: 5, title: { display: true, text: "rating (1–5)" } } };
  const hourScale = { y: { beginAtZero: true, title: { display: true, text: "hours" } } };
  return [
    {
      testid: "chart-volume",
      title: "Ticket volume: created and resolved per day",
      wide: true,
      label: `Ticket volume from ${period}: ${plural(sum(created), "ticket")} created, ${resolved.every((value) => value === null) ? "resolutions unknown" : `${number(sum(resolved))} resolved`}.${busiest && busiest.created ? ` Busiest day ${day(busiest.date)} with ${number(busiest.created)} created.` : ""}`,
      config: {
        type: "bar",
        data: {
          labels,
          datasets: [
            { label: "Created", data: created, backgroundColor: COLORS.blue },
            { label: "Resolved", data: resolved, backgroundColor: COLORS.green },
          ],
        },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, interaction: { mode: "index", intersect: false } },
      },
      table: { head: ["Day", "Created", "Resolved"], rows: days.map((entry) => [day(entry.date), number(entry.created), number(entry.resolved)]) },
    },
    {
      testid: "chart-status",
      title: "Tickets by status",
      label: `Tickets by status: ${byStatus.map((entry) => `${entry.label || statusName(entry.status)} ${number(entry.count)}`).join(", ") || "none"}.`,
      config: {
        type: "doughnut",
        data: {
          labels: byStatus.map((entry) => entry.label || statusName(entry.status)),
          datasets: [
            {
              data: byStatus.map((entry) => entry.count),
              backgroundColor: byStatus.map((entry, index) => STATUS_COLORS[entry.status] || EXTRA[index % EXTRA.length]),
              borderColor: "#ffffff",
            },
          ],
        },
        options: { plugins: { legend: { position: "bottom" } } },
      },
      table: { head: ["Status", "Tickets"], rows: byStatus.map((entry) => [entry.label || statusName(entry.status), number(entry.count)]) },
    },
    {
      testid: "chart-priority",
      title: "Tickets by priority",
      label: `Tickets by priority: ${byPriority.map((entry) => `${entry.label || priorityName(entry.priority)} ${number(entry.count)}`).join(", ") || "none"}.`,
      config: {
        type: "bar",
        data: {
          labels: byPriority.map((entry) => entry.label || priorityName(entry.priority)),
          datasets: [
            {
              label: "Tickets",
              data: byPriority.map((entry) => entry.count),
              backgroundColor: byPriority.map((entry, index) => PRIORITY_COLORS[entry.priority] || EXTRA[index % EXTRA.length]),
            },
          ],
        },
        options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      },
      table: { head: ["Priority", "Tickets"], rows: byPriority.map((entry) => [entry.label || priorityName(entry.priority), number(entry.count)]) },
    },
    {
      testid: "chart-response",
      title: "First response and resolution time (hours, daily average)",
      wide: true,
      label: `Response times from ${period}: first response averaged ${hours(mean(firstResponse))} and resolution ${hours(mean(resolution))} over the days that had them.`,
      config: {
        type: "line",
        data: {
          labels,
          datasets: [
            lineDataset("First response", firstResponse, COLORS.purple),
            lineDataset("Resolution", resolution, COLORS.teal),
          ],
        },
        options: { scales: hourScale, interaction: { mode: "index", intersect: false } },
      },
      table: { head: ["Day", "First response (h)", "Resolution (h)"], rows: days.map((entry) => [day(entry.date), round(entry.first_response_hours), round(entry.resolution_hours)]) },
    },
    {
      testid: "chart-csat",
      title: "Customer satisfaction (average rating per day)",
      wide: true,
      note: ratings
        ? `${plural(ratings, "rating")} in the period.`
        : trends.source === "mirror" && days.every((entry) => entry.ratings === null)
          ? "The local mirror keeps no satisfaction ratings: connect to Freshdesk to see them."
          : "No ratings in the period.",
      label: ratings
        ? `Customer satisfaction from ${period}: ${plural(ratings, "rating")}, averaging ${decimal(mean(satisfaction))} out of 5 over the days with ratings.`
        : `Customer satisfaction from ${period}: no ratings.`,
      config: {
        type: "line",
        data: { labels, datasets: [lineDataset("Average rating", satisfaction, COLORS.amber)] },
        options: { scales: ratingScale, plugins: { legend: { display: false } } },
      },
      table: { head: ["Day", "Average rating", "Ratings"], rows: days.map((entry) => [day(entry.date), round(entry.satisfaction), number(entry.ratings)]) },
    },
  ];
}

function Trends({ trends }) {
  const figures = useMemo(() => charts(trends), [trends]);
  return html`<div class="charts-grid">
    ${figures.map(
      (figure) => html`<div class=${figure.wide ? "chart-cell chart-cell-wide" : "chart-cell"} key=${figure.testid}>
        <${ChartFigure} ...${figure} />
      </div>`,
    )}
  </div>
  <p class="hint">
    From ${trends.source === "mirror" ? "the local mirror" : "Freshdesk"}, ${plural(trends.tickets_read || 0, "ticket")} read;
    days are UTC.
  </p>`;
}

export function DashboardTab({ generation }) {
  const [days, setDays] = useState(30);
  const stats = useRequest(() => cached("/stats").then((body) => body.data), [generation]);
  // The cards first: /stats and /stats/trends both walk the period's tickets, and a
  // page's burst of the rate budget then goes to the figures a reader looks at first.
  const trends = useRequest(
    (signal) =>
      cached("/stats")
        .catch(() => null)
        .then(() => get("/stats/trends", { days }, { signal }))
        .then((body) => body.data),
    [days, generation],
  );
  return html`<div class="stack">
    <div class="section-head">
      <h2>Overview</h2>
    </div>
    <${Loaded} request=${stats} what="the figures">${(data) => html`<${Summary} stats=${data} />`}</${Loaded}>
    <div class="section-head">
      <h2>Trends</h2>
      <div class="field-inline">
        <label for="trend-days">Period</label>
        <select id="trend-days" value=${String(days)} onChange=${(event) => setDays(Number(event.currentTarget.value))}>
          ${PERIODS.map((value) => html`<option value=${String(value)}>Last ${value} days</option>`)}
        </select>
      </div>
    </div>
    <${Loaded}
      request=${trends}
      what="the trends"
      isEmpty=${(data) => !data || !data.days || data.days.every((entry) => !entry.created && !entry.resolved && !entry.ratings)}
      empty="No tickets in this period."
    >
      ${(data) => html`<${Trends} trends=${data} />`}
    </${Loaded}>
  </div>`;
}
