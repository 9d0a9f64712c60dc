import type { BulkPhase } from "./bulk";
import type { RealisticBulkRun } from "./realisticBulk";
import type { RealisticClient, RealisticRow } from "./realisticWaits";

/**
 * The report's picture, drawn here as plain SVG (no service, no library): section 0's overshoot
 * against each operation's duration for ours and the two pollers, and section 0b's N=200
 * timelines (requests and 429s per second, operations ARM finished, the command's end).
 */

const WIDTH = 960;
const PANEL_W = 440;
const PANEL_H = 200;
const MARGIN = { left: 50, top: 30, gap: 40 };

const COLORS: Record<RealisticClient, string> = {
  ours: "#1f77b4",
  "2-s poller": "#ff7f0e",
  "30-s poller": "#7f7f7f",
};

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(content)}</text>`;
}

/** The smallest round axis end at or above `v`, so that its four ticks are whole numbers. */
function niceMax(v: number): number {
  const ends = [4, 8, 12, 20, 40, 60, 80, 100, 120, 160, 200, 400, 600, 800, 1000, 2000, 4000];
  return ends.find((e) => e >= v) ?? Math.ceil(v / 1000) * 1000;
}

/** A panel's frame, title and axes with a few ticks; returns the value-to-pixel maps. */
function axes(box: Box, title: string, xMax: number, yMax: number, xLabel: string, yLabel: string) {
  const sx = (v: number) => box.x + (v / xMax) * box.w;
  const sy = (v: number) => box.y + box.h - (v / yMax) * box.h;
  const parts = [
    `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="#ccc"/>`,
    text(box.x, box.y - 8, title, 'font-weight="bold"'),
    text(box.x + box.w / 2, box.y + box.h + 30, xLabel, 'text-anchor="middle"'),
    text(
      box.x - 38,
      box.y + box.h / 2,
      yLabel,
      `transform="rotate(-90 ${box.x - 38} ${box.y + box.h / 2})" text-anchor="middle"`,
    ),
  ];
  for (let i = 0; i <= 4; i++) {
    const xv = (xMax * i) / 4;
    const yv = (yMax * i) / 4;
    parts.push(text(sx(xv), box.y + box.h + 14, xv.toFixed(0), 'text-anchor="middle"'));
    parts.push(text(box.x - 4, sy(yv) + 4, yv.toFixed(0), 'text-anchor="end"'));
  }
  return { sx, sy, svg: parts.join("") };
}

function overshootPanel(box: Box, rows: RealisticRow[], kind: RealisticRow["kind"]): string {
  const mine = rows.filter((r) => r.kind === kind);
  const samples = mine.flatMap((r) => r.samples);
  if (samples.length === 0) return "";
  const xMax = niceMax(Math.max(...samples.map((s) => s.durationS)));
  const yMax = niceMax(Math.max(...samples.map((s) => s.overshootS)));
  const what = kind === "delete" ? "DELETE" : "PUT (approve)";
  const a = axes(
    box,
    `0. ${what}: overshoot against duration`,
    xMax,
    yMax,
    "operation duration (s)",
    "overshoot (s)",
  );
  const dots = mine.flatMap((r) =>
    r.samples.map(
      (s) =>
        `<circle cx="${a.sx(s.durationS).toFixed(1)}" cy="${a.sy(Math.max(0, s.overshootS)).toFixed(1)}" r="3" fill="${COLORS[r.client]}" fill-opacity="0.8"/>`,
    ),
  );
  return a.svg + dots.join("");
}

/** Counts per whole second of `times` (ms), up to `seconds`. */
function perSecond(times: number[], seconds: number): number[] {
  const counts = new Array<number>(seconds).fill(0);
  for (const t of times) {
    const i = Math.floor(t / 1000);
    if (i >= 0 && i < seconds) counts[i] += 1;
  }
  return counts;
}

function timelinePanel(box: Box, title: string, p: BulkPhase, n: number): string {
  const seconds = niceMax(p.wallMs / 1000);
  const requests = perSecond(p.timeline.requestsMs, seconds);
  const throttled = perSecond(p.timeline.throttledMs, seconds);
  const yMax = niceMax(Math.max(...requests));
  const a = axes(box, title, seconds, yMax, "seconds from the command's start", "requests / s");
  const barW = box.w / seconds;
  const bars = (counts: number[], color: string) =>
    counts
      .map((c, i) =>
        c === 0
          ? ""
          : `<rect x="${(box.x + i * barW).toFixed(1)}" y="${a.sy(c).toFixed(1)}" width="${Math.max(1, barW - 0.5).toFixed(1)}" height="${(box.y + box.h - a.sy(c)).toFixed(1)}" fill="${color}"/>`,
      )
      .join("");
  const ends = [...p.timeline.endsMs].sort((x, y) => x - y);
  const done = ends
    .map(
      (t, i) =>
        `${a.sx(t / 1000).toFixed(1)},${(box.y + box.h - ((i + 1) / n) * box.h).toFixed(1)}`,
    )
    .join(" ");
  const end = a.sx(p.wallMs / 1000);
  return (
    a.svg +
    bars(requests, "#9ecae1") +
    bars(throttled, "#d62728") +
    (done ? `<polyline points="${done}" fill="none" stroke="#1f77b4" stroke-width="2"/>` : "") +
    `<line x1="${end.toFixed(1)}" y1="${box.y}" x2="${end.toFixed(1)}" y2="${box.y + box.h}" stroke="#000" stroke-dasharray="4 3"/>`
  );
}

function legend(x: number, y: number, items: [string, string][]): string {
  return items
    .map(
      ([label, color], i) =>
        `<rect x="${x + i * 190}" y="${y - 9}" width="10" height="10" fill="${color}"/>` +
        text(x + i * 190 + 14, y, label),
    )
    .join("");
}

export function renderChart(realistic: RealisticRow[], bulk: RealisticBulkRun[]): string {
  const parts: string[] = [];
  let y = MARGIN.top;
  if (realistic.length > 0) {
    parts.push(legend(MARGIN.left, y, Object.entries(COLORS) as [string, string][]));
    y += 30;
    parts.push(
      overshootPanel(
        { x: MARGIN.left, y, w: PANEL_W - MARGIN.left, h: PANEL_H },
        realistic,
        "delete",
      ),
    );
    parts.push(
      overshootPanel(
        { x: PANEL_W + MARGIN.gap + MARGIN.left, y, w: PANEL_W - MARGIN.left, h: PANEL_H },
        realistic,
        "approve",
      ),
    );
    y += PANEL_H + 60;
  }
  const runs = bulk.filter((r) => r.variant === "ours" || r.variant === "2-s poller");
  if (runs.length > 0) {
    parts.push(
      legend(MARGIN.left, y, [
        ["ARM requests per second", "#9ecae1"],
        ["answered 429", "#d62728"],
        ["operations ARM finished (of N)", "#1f77b4"],
        ["command ends", "#000"],
      ]),
    );
    y += 30;
  }
  for (const run of runs) {
    (["up", "destroy"] as const).forEach((phase, i) => {
      const box = {
        x: i * (PANEL_W + MARGIN.gap) + MARGIN.left,
        y,
        w: PANEL_W - MARGIN.left,
        h: PANEL_H,
      };
      parts.push(timelinePanel(box, `0b. N=${run.n} ${phase}, ${run.variant}`, run[phase], run.n));
    });
    y += PANEL_H + 60;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="sans-serif" font-size="11">` +
    `<rect width="100%" height="100%" fill="#fff"/>${parts.join("")}</svg>\n`
  );
}
