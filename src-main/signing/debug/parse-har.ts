/**
 * One request out of a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/), as Chrome, Firefox, Safari
 * and proxies export it: request.method, url, headers[] and postData.text, and the response's status and text for the
 * debugger's "server answer". HTTP/2 and HTTP/3 pseudo-headers (`:authority`, `:path`, …) are dropped: the URL
 * carries what they say. Which entry: the one given (its index in log.entries), else the only one, else the last one
 * whose request looks signed (a signature- or key-like header or query parameter); the notes say which was taken.
 * The file is checked with zod; only the chosen entry must be complete.
 */
import { Buffer } from 'node:buffer';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import type { HeaderLine } from './combine-header-lines';
import { checkHeader, checkMethod, checkUrl, debugInputError, limitedText, parsedRequest, trimOws, shown, type ParsedRequest } from './parsed-request';

const NameValue = z.object({ name: z.string(), value: z.string() });
const HarEntry = z.object({
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.array(NameValue),
    postData: z.object({ mimeType: z.string().optional(), text: z.string().optional(), params: z.array(z.unknown()).optional() }).optional(),
  }),
  response: z
    .object({
      status: z.number(),
      content: z.object({ text: z.string().optional(), encoding: z.string().optional() }).optional(),
    })
    .optional(),
});
type HarEntry = z.infer<typeof HarEntry>;
const HarFile = z.object({ log: z.object({ entries: z.array(z.unknown()) }) });

/** The server's answer the HAR recorded: its status and body (as text). */
export interface HarResponse {
  readonly status: number;
  readonly body: string;
}

export type ParsedHarRequest = ParsedRequest & { readonly response: HarResponse | null };

const SIGNED_HEADER = /sign|authorization|api-?key|access-key|x-amz-|passphrase|nonce|-token$/i;
const SIGNED_PARAM = /sign|apikey|api_key/i;

function signedBy(entry: HarEntry): string | null {
  const header = entry.request.headers.find((h) => !h.name.startsWith(':') && SIGNED_HEADER.test(h.name));
  if (header) return `header ${header.name}`;
  const query = entry.request.url.indexOf('?');
  if (query < 0) return null;
  // Split by hand: a single regex over the query would backtrack quadratically on a long one.
  for (const pair of entry.request.url.slice(query + 1).split('&')) {
    const name = pair.split('=', 1)[0]!;
    if (name.length <= 64 && SIGNED_PARAM.test(name)) return `query parameter ${name}`;
  }
  return null;
}

function issueLine(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${prefix}${path}: ${issue.message.replace(/\.$/, '')}`;
}

/**
 * Where JSON.parse failed, as a line and column, never with a snippet of the text (a HAR carries API keys). Node 20's
 * JSON.parse message gives no position for most errors, so jsonc-parser (strict: no comments, no trailing commas)
 * finds the first one.
 */
function jsonError(input: string): string {
  const errors: ParseError[] = [];
  parseJsonc(input, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return 'The HAR is not valid JSON; export it again.';
  const before = input.slice(0, first.offset);
  const line = before.split('\n').length;
  return `The HAR is not valid JSON at line ${line}, column ${before.length - before.lastIndexOf('\n')} (${printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}); export it again.`;
}

/**
 * Parses a HAR file and returns one entry's request (and its recorded response). `entry` is an index into
 * log.entries. Bad input throws AppError ERR_DEBUG_INPUT naming the entry and field.
 */
export function parseHar(text: string, entry?: number): ParsedHarRequest {
  const input = limitedText(text, 'The HAR file');
  let raw: unknown;
  try {
    raw = JSON.parse(input);
  } catch {
    throw debugInputError(jsonError(input));
  }
  const file = HarFile.safeParse(raw);
  if (!file.success) throw debugInputError(`${issueLine(file.error, 'The HAR file: ')}; expected {"log": {"entries": [...]}} as browsers export it.`);
  const entries = file.data.log.entries;
  if (entries.length === 0) throw debugInputError('The HAR file has no entries (log.entries is empty); record the request, then export again.');

  const notes: string[] = [];
  let index: number;
  if (entry !== undefined) {
    if (!Number.isInteger(entry) || entry < 0 || entry >= entries.length) {
      throw debugInputError(`entry ${String(entry)}: the HAR has ${entries.length} entries, numbered 0 to ${entries.length - 1}.`);
    }
    index = entry;
  } else if (entries.length === 1) {
    index = 0;
  } else {
    let found: { index: number; by: string } | null = null;
    for (let i = entries.length - 1; i >= 0 && found === null; i--) {
      const e = HarEntry.safeParse(entries[i]);
      const by = e.success ? signedBy(e.data) : null;
      if (by !== null) found = { index: i, by };
    }
    if (found === null) throw debugInputError(`The HAR has ${entries.length} entries and none looks signed; give the entry index (0 to ${entries.length - 1}) of the request to debug.`);
    index = found.index;
    notes.push(`Took log.entries[${index}] of ${entries.length}: the last one that looks signed (${found.by}); give an entry index to take another.`);
  }

  const where = `log.entries[${index}]`;
  const parsed = HarEntry.safeParse(entries[index]);
  if (!parsed.success) throw debugInputError(`${issueLine(parsed.error, where)}; export the HAR again from the browser.`);
  const { request, response } = parsed.data;
  const method = checkMethod(request.method, `${where}.request.method`);
  let url = request.url;
  const hash = url.indexOf('#');
  if (hash >= 0) {
    url = url.slice(0, hash);
    notes.push('The fragment (#…) of the URL was dropped: it is never sent.');
  }
  checkUrl(url, `${where}.request.url`);

  const headerLines: HeaderLine[] = [];
  let pseudo = 0;
  request.headers.forEach((h, i) => {
    if (h.name.startsWith(':')) pseudo++;
    else headerLines.push(checkHeader(h.name, trimOws(h.value), `${where}.request.headers[${i}]`));
  });
  if (pseudo) notes.push(`Dropped ${pseudo} HTTP/2 pseudo-header${pseudo > 1 ? 's' : ''} (:method, :path, …): the method and URL carry them.`);

  const post = request.postData;
  if (post && post.text === undefined && (post.params?.length ?? 0) > 0) {
    throw debugInputError(`${where}.request.postData: has params but no text, so the exact body is unknown; export the HAR again with content (Chrome: "Save all as HAR with content").`);
  }
  const body = post?.text ?? null;

  let answer: HarResponse | null = null;
  if (response && response.status >= 100 && response.status <= 599 && Number.isInteger(response.status)) {
    const content = response.content?.text ?? '';
    answer = { status: response.status, body: response.content?.encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content };
  } else if (response) {
    notes.push(`The response's status ${shown(String(response.status), 10)} is not an HTTP status (the request failed or was blocked); no server answer is returned.`);
  }
  return { ...parsedRequest(method, url, headerLines, body, notes), response: answer };
}
