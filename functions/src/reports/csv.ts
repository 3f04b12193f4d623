/**
 * CSV as RFC 4180 writes it (comma separated, CRLF line ends, a field quoted when it holds a comma, a
 * quote or a line break, quotes doubled), with one safeguard spreadsheets need: a cell that starts
 * like a formula (=, +, -, @, a tab or a carriage return) is prefixed with an apostrophe, so Excel,
 * LibreOffice and Google Sheets show it as text instead of running it (OWASP, "CSV injection").
 */

/** The byte-order mark: without it Excel reads UTF-8 as the local code page (Café -> CafÃ©). */
export const UTF8_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CellValue = string | number | null;

/** One cell: empty for null, neutralised if it could run as a formula, quoted if it must be. */
export function csvCell(value: CellValue): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : value;
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(cells: readonly CellValue[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
