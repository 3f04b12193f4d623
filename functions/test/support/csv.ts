/** Reads CSV as RFC 4180 defines it, strictly: CRLF records, quoted fields with doubled quotes. */

/** The records of a CSV text; throws on anything RFC 4180 does not allow (a bare quote, a lone LF). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '"' && field === "") {
      // A quoted field: up to the closing quote, "" standing for one quote.
      index++;
      for (;;) {
        const next = text.indexOf('"', index);
        if (next === -1) throw new Error(`unterminated quoted field at ${index}`);
        field += text.slice(index, next);
        if (text[next + 1] === '"') {
          field += '"';
          index = next + 2;
          continue;
        }
        index = next + 1;
        break;
      }
      const after = text[index];
      if (after !== "," && after !== "\r" && after !== undefined)
        throw new Error(`text after a quoted field at ${index}`);
      continue;
    }
    if (char === ",") {
      record.push(field);
      field = "";
      index++;
      continue;
    }
    if (char === "\r") {
      if (text[index + 1] !== "\n") throw new Error(`CR without LF at ${index}`);
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index += 2;
      continue;
    }
    if (char === "\n") throw new Error(`LF without CR at ${index}`);
    if (char === '"') throw new Error(`a quote inside an unquoted field at ${index}`);
    field += char;
    index++;
  }
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

/** The records as objects keyed by the header row's names. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error("no header row");
  return rows.map((row) => {
    if (row.length !== header.length) throw new Error(`a row of ${row.length} fields under ${header.length} names`);
    return Object.fromEntries(header.map((name, index) => [name, row[index] ?? ""]));
  });
}
