// Words and numbers for the records the adapter answers.

export const STATUSES = [
  [2, "Open"],
  [3, "Pending"],
  [4, "Resolved"],
  [5, "Closed"],
];
export const PRIORITIES = [
  [1, "Low"],
  [2, "Medium"],
  [3, "High"],
  [4, "Urgent"],
];
const STATUS_NAMES = new Map(STATUSES);
const PRIORITY_NAMES = new Map(PRIORITIES);

export const statusName = (value) => STATUS_NAMES.get(value) || `Status ${value}`;
export const priorityName = (value) => PRIORITY_NAMES.get(value) || `Priority ${value}`;

const NUMBER = new Intl.NumberFormat(undefined);
const DECIMAL = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const DAY = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

export const number = (value) => (typeof value === "number" ? NUMBER.format(value) : "—");
export const decimal = (value) => (typeof value === "number" ? DECIMAL.format(value) : "—");

export function dateTime(value) {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : DATE_TIME.format(date);
}

export function dateOnly(value) {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : DATE.format(date);
}

/** "2026-12-06" as "Dec 6" (a UTC day). */
export function day(value) {
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? String(value) : DAY.format(date);
}

export function bytes(size) {
  if (typeof size !== "number") return "";
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export function hours(value) {
  if (typeof value !== "number") return "—";
  if (value < 1) return `${Math.round(value * 60)} min`;
  if (value < 48) return `${DECIMAL.format(value)} h`;
  return `${DECIMAL.format(value / 24)} days`;
}

/** “text”, quoted as the page quotes what someone typed. */
export const quoted = (text) => `\u201c${text}\u201d`;

export const plural = (count, one, many) => `${number(count)} ${count === 1 ? one : many || `${one}s`}`;
