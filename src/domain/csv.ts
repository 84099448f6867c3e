// A small, pure CSV reader for the admin's bulk set-up files (RFC 4180 plus what
// spreadsheet programs actually write):
//  - fields may be quoted; inside quotes, separators and line breaks are literal and
//    a doubled quote ("") is one quote;
//  - rows end with CRLF, LF or a lone CR;
//  - a leading UTF-8 BOM is dropped;
//  - ';' is the separator when the header line contains ';' and no ',' (Excel with
//    the Indonesian locale, where ',' is the decimal mark, writes ';').
// Lenient where it cannot lose data: a quote inside an unquoted field, or text after a
// closing quote, is kept literally. Strict where it can: an unterminated quote is an
// error, since it would swallow the rest of the file into one field.

export type CsvSeparator = ',' | ';';

export interface CsvRow {
  /** 1-based line in the file where the row starts (a quoted line break spans lines). */
  line: number;
  fields: string[];
}

export type CsvParseResult = { ok: true; separator: CsvSeparator; rows: CsvRow[] } | { ok: false; line: number; error: 'unterminated_quote' };

/** ';' when the first line has ';' and no ',', otherwise ','. */
export function detectSeparator(text: string): CsvSeparator {
  const body = stripBom(text);
  const end = body.search(/\r|\n/);
  const first = end === -1 ? body : body.slice(0, end);
  return first.includes(';') && !first.includes(',') ? ';' : ',';
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Every row, header included, in file order. Completely empty lines are skipped
 * (a line holding only separators is a row of empty fields: the caller decides).
 */
export function parseCsv(input: string, separator?: CsvSeparator): CsvParseResult {
  const text = stripBom(input);
  const sep = separator ?? detectSeparator(text);
  const rows: CsvRow[] = [];

  let line = 1; // current physical line
  let rowLine = 1; // line where the current row started
  let fields: string[] = [];
  let field = '';
  let fieldQuoted = false; // the current field began with a quote (so "" is a value, not a blank line)
  let i = 0;
  const n = text.length;

  const endRow = () => {
    const blank = fields.length === 0 && field === '' && !fieldQuoted;
    if (!blank) {
      fields.push(field);
      rows.push({ line: rowLine, fields });
    }
    fields = [];
    field = '';
    fieldQuoted = false;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '' && !fieldQuoted) {
      // Quoted field: read to the closing quote.
      fieldQuoted = true;
      const startLine = line;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (q === '\r') {
          line++;
          if (text[i + 1] === '\n') {
            field += '\r\n';
            i += 2;
            continue;
          }
        } else if (q === '\n') {
          line++;
        }
        field += q;
        i++;
      }
      if (!closed) return { ok: false, line: startLine, error: 'unterminated_quote' };
      continue;
    }
    if (c === sep) {
      fields.push(field);
      field = '';
      fieldQuoted = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (fields.length > 0 || field !== '' || fieldQuoted) endRow();
  return { ok: true, separator: sep, rows };
}

/** Lower-cased, trimmed header cells, without the empty trailing cells spreadsheets like to add. */
export function normalizeHeader(fields: readonly string[]): string[] {
  const cells = fields.map((f) => f.trim().toLowerCase());
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * True when the header has exactly the expected columns, in order (case-insensitive,
 * surrounding spaces ignored; empty cells after the last column are tolerated).
 */
export function headerMatches(fields: readonly string[], expected: readonly string[]): boolean {
  const cells = normalizeHeader(fields);
  return cells.length === expected.length && expected.every((e, k) => cells[k] === e.trim().toLowerCase());
}
