/**
 * Escaping for text that comes from migrations and PostgreSQL errors (object names,
 * messages, file names, excerpts). In a pull request from a fork that text is written
 * by whoever opened the pull request, and it lands in a PR comment and the job summary:
 * raw HTML, links, `@mentions` or a broken table would let a migration forge the
 * gate's verdict, hide findings or ping people. Everything the report renders from a
 * report value goes through one of these helpers; only the renderer's own syntax is raw.
 */

// C0/C1 controls (except tab and newline) and bidi overrides: invisible in Markdown,
// able to rewrite a terminal (ANSI sequences) or reorder what a reviewer sees.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

// Characters that can open inline Markdown syntax: code, emphasis, strikethrough,
// links and images, table cells, and the backslash that would undo our escapes.
const MARKDOWN_PUNCTUATION = /[\\`*~[\]|]/g;

// `_` only emphasises at a word boundary; escaping intraword ones (`sync_progress`)
// would only make the raw Markdown harder to read.
const BOUNDARY_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

// A zero-width joiner after `@` / `#` breaks GitHub's mention and issue-reference
// detection (which would notify users or cross-link issues) without changing the text.
const REFERENCE = /([@#])(?=[\p{L}\p{N}])/gu;
const ZWJ = '\u200D';

/** Normalises line endings and removes invisible control characters. */
export function stripControl(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
}

/** One line of plain text for a terminal: no control characters, no line breaks. */
export function plainLine(text: string): string {
  return collapseWhitespace(stripControl(text));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text safe to place inline in Markdown after other content on the same line
 * (headings, list items, paragraphs, table cells). Line breaks become spaces so the
 * text cannot start a block of its own (a heading, a list, a fence).
 */
export function escapeInline(text: string): string {
  return escapeFlat(collapseWhitespace(stripControl(text)));
}

/**
 * Like `escapeInline`, but each `…` span becomes a code span: the gate's hints
 * mark SQL and flags that way. A span is rendered by `inlineCode`, so text from
 * anywhere (a server's hint quoting migration text) stays inert.
 */
export function escapeInlineWithCode(text: string): string {
  return collapseWhitespace(stripControl(text))
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 === 1 ? inlineCode(part) : escapeFlat(part)))
    .join('');
}

/**
 * A GFM table cell: like `escapeInline`, but line breaks become `<br>` and the text
 * is cut to `maxChars` before escaping (cutting after would split an entity).
 */
export function escapeTableCell(text: string, maxChars = 500): string {
  const clean = stripControl(text).trim();
  const cut = clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}…` : clean;
  return cut
    .split('\n')
    .map((line) => escapeFlat(collapseWhitespace(line)))
    .join('<br>');
}

/**
 * An inline code span whose fence is longer than any backtick run in the text, so
 * the text cannot close it early. Inside a table, `|` must still be escaped: GFM
 * splits cells before it parses code spans.
 */
export function inlineCode(text: string, options: { inTable?: boolean } = {}): string {
  let body = collapseWhitespace(stripControl(text));
  if (options.inTable) body = body.replace(/\|/g, '\\|');
  if (body === '') return '` `';
  const fence = '`'.repeat(longestBacktickRun(body) + 1);
  // CommonMark strips one space from each side when both are present, and a backtick
  // touching the fence would lengthen it: pad in both cases.
  const pad = /^[`]|[`]$/.test(body) || (/^ .* $/.test(body) && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A fenced code block. The fence is longer than any backtick run inside, so a
 * ``` in a SQL comment stays content instead of closing the block; the text itself is
 * kept verbatim (code blocks render HTML and mentions literally).
 */
export function codeFence(text: string, info = ''): string {
  const body = stripControl(text).replace(/^\n+|\s+$/g, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

function escapeFlat(text: string): string {
  const markdown = text.replace(MARKDOWN_PUNCTUATION, '\\$&').replace(BOUNDARY_UNDERSCORE, '\\_');
  return escapeHtml(markdown).replace(REFERENCE, `$1${ZWJ}`);
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
