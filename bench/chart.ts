/** A small SVG chart of the benchmark: throughput and latency of the API against the baseline. */
export interface ChartRow {
  route: string;
  api: { rps: number; p50: number; p99: number };
  baseline: { rps: number; p50: number; p99: number };
}

const COLORS = { api: "#1a73e8", baseline: "#9aa0a6" };

function panel(
  rows: ChartRow[],
  title: string,
  unit: string,
  value: (side: ChartRow["api"]) => number,
  offsetY: number,
): string {
  const width = 760;
  const left = 110;
  const barHeight = 16;
  const max = Math.max(1, ...rows.flatMap((row) => [value(row.api), value(row.baseline)]));
  const scale = (width - left - 90) / max;
  const parts = [`<text x="10" y="${offsetY + 18}" font-weight="bold">${title}</text>`];
  rows.forEach((row, index) => {
    const y = offsetY + 36 + index * 44;
    parts.push(`<text x="10" y="${y + 20}">${row.route}</text>`);
    for (const [side, shift] of [
      ["api", 0],
      ["baseline", barHeight + 2],
    ] as const) {
      const v = value(row[side]);
      parts.push(
        `<rect x="${left}" y="${y + shift}" width="${(v * scale).toFixed(1)}" height="${barHeight}" fill="${COLORS[side]}"/>`,
        `<text x="${left + v * scale + 6}" y="${y + shift + 12}" font-size="11">${v.toFixed(v < 10 ? 1 : 0)} ${unit}</text>`,
      );
    }
  });
  return parts.join("\n");
}

export function renderChart(rows: ChartRow[], subtitle: string): string {
  const sections = [
    panel(rows, "Throughput (requests/s, higher is better)", "req/s", (side) => side.rps, 30),
    panel(rows, "Latency p50 (ms, lower is better)", "ms", (side) => side.p50, 250),
    panel(rows, "Latency p99 (ms, lower is better)", "ms", (side) => side.p99, 470),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="780" height="700" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="16" font-size="11" fill="#555">${subtitle}</text>`,
    `<rect x="560" y="6" width="12" height="12" fill="${COLORS.api}"/><text x="578" y="16">API</text>`,
    `<rect x="620" y="6" width="12" height="12" fill="${COLORS.baseline}"/><text x="638" y="16">baseline</text>`,
    ...sections,
    `</svg>`,
  ].join("\n");
}
