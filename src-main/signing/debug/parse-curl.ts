/**
 * A curl command as people paste it (docs, Chrome's and Firefox's "Copy as cURL (bash)", a terminal): `curl`,
 * optionally after `$ ` or environment assignments, quoted as bash quotes (bash-words.ts). The flags that shape the
 * request are read as curl 8 reads them (tool_getparam.c): -X, -H (repeatable; `Name:` removes curl's own header,
 * `Name;` sends it empty), the -d family joined with "&" (--json pieces without), --data-urlencode's
 * `content` / `=content` / `name=content` forms (a space as +), --url, -G, -I, -A, -e, -b, -u, --oauth2-bearer, --json. Flags that
 * change nothing a signature covers (-s, -k, -L, -v, --compressed, -o FILE, timeouts, TLS and proxy settings, …) are
 * ignored and listed in the notes. Anything else is refused with the flag named, and so is every form that reads a
 * file or stdin (`-d @file`, `-H @file`, `-b file`, -T, -K, --netrc): the debugger never touches the disk.
 *
 * What curl adds itself is added too, so the request is what curl sends: Content-Type
 * application/x-www-form-urlencoded with -d, Content-Type and Accept application/json with --json, Authorization
 * with -u, User-Agent, Referer and Cookie from -A, -e, -b; a -H of the same name replaces it, as in curl. curl's
 * default User-Agent and Accept are not added (they change with curl's version and nobody signs them).
 * parse-curl-curl.test.ts runs the real curl against a loopback server and compares what it sent.
 */
import { Buffer } from 'node:buffer';
import { bashWords, type ShellToken } from './bash-words';
import type { HeaderLine } from './combine-header-lines';
import { checkHeader, checkMethod, checkUrl, debugInputError, limitedText, parsedRequest, trimOws, shown, type ParsedRequest } from './parsed-request';

/** Flags this parser reads, long name → short letter (or ''). */
const VALUE_FLAGS: Readonly<Record<string, string>> = {
  request: 'X', header: 'H', data: 'd', 'data-ascii': '', 'data-binary': '', 'data-raw': '', 'data-urlencode': '', json: '',
  url: '', 'user-agent': 'A', referer: 'e', cookie: 'b', user: 'u', 'oauth2-bearer': '',
};
const SWITCHES: Readonly<Record<string, string>> = { get: 'G', head: 'I' };
/** Known harmless: they change how curl connects, retries or prints, not the request a signature covers. */
const IGNORED_SWITCHES: Readonly<Record<string, string>> = {
  compressed: '', silent: 's', 'show-error': 'S', insecure: 'k', location: 'L', 'location-trusted': '', verbose: 'v', include: 'i',
  fail: 'f', 'fail-with-body': '', 'fail-early': '', 'no-buffer': 'N', 'progress-bar': '#', globoff: 'g', 'path-as-is': '', ipv4: '4', ipv6: '6',
  'http1.0': '0', 'http1.1': '', http2: '', 'http2-prior-knowledge': '', http3: '', 'http3-only': '', 'no-keepalive': '', 'no-progress-meter': '',
  raw: '', 'tcp-nodelay': '', 'tcp-fastopen': '', 'ssl-no-revoke': '', 'ssl-revoke-best-effort': '', tlsv1: '1', 'tlsv1.0': '', 'tlsv1.1': '',
  'tlsv1.2': '', 'tlsv1.3': '', 'remote-name': 'O', 'remote-name-all': '', 'remote-header-name': 'J', 'create-dirs': '', 'trace-time': '',
  post301: '', post302: '', post303: '', 'retry-connrefused': '', 'retry-all-errors': '', 'no-sessionid': '', 'no-alpn': '', 'no-npn': '',
  'proxy-insecure': '', 'cert-status': '', 'suppress-connect-headers': '', basic: '', 'styled-output': '', 'no-styled-output': '', 'junk-session-cookies': 'j',
  'keepalive': '', sessionid: '', buffer: '', alpn: '', 'progress-meter': '', 'ca-native': '', 'proxy-ca-native': '', 'ssl-auto-client-cert': '',
};
const IGNORED_VALUES: Readonly<Record<string, string>> = {
  output: 'o', 'write-out': 'w', 'max-time': 'm', 'connect-timeout': '', retry: '', 'retry-delay': '', 'retry-max-time': '', proxy: 'x',
  'proxy-user': 'U', noproxy: '', resolve: '', 'connect-to': '', cacert: '', capath: '', cert: 'E', 'cert-type': '', key: '', 'key-type': '',
  pass: '', pinnedpubkey: '', 'max-redirs': '', 'limit-rate': '', 'cookie-jar': 'c', 'dump-header': 'D', trace: '', 'trace-ascii': '',
  stderr: '', interface: '', 'dns-servers': '', 'keepalive-time': '', ciphers: '', 'tls13-ciphers': '', 'tls-max': '', 'speed-time': 'y',
  'speed-limit': 'Y', 'expect100-timeout': '', 'local-port': '', 'max-filesize': '', 'parallel-max': '', 'output-dir': '', 'unix-socket': '',
  'abstract-unix-socket': '', socks5: '', 'socks5-hostname': '', preproxy: '', 'proxy-cacert': '', rate: '', 'happy-eyeballs-timeout-ms': '',
};
/** Refused with a reason of their own. */
const REFUSED: Readonly<Record<string, readonly [short: string, why: string]>> = {
  form: ['F', 'builds a multipart body with a random boundary; the debugger needs the exact body: paste the request curl sent (curl -v) as raw HTTP'],
  'form-string': ['', 'builds a multipart body with a random boundary; paste the request curl sent (curl -v) as raw HTTP'],
  'upload-file': ['T', 'reads a file, which the debugger never does; paste the content with --data-binary \'…\''],
  config: ['K', 'reads more flags from a file, which the debugger never does; paste them into the command'],
  netrc: ['n', 'reads credentials from ~/.netrc, which the debugger never does; give -u user:password'],
  'netrc-file': ['', 'reads credentials from a file, which the debugger never does; give -u user:password'],
  'netrc-optional': ['', 'reads credentials from ~/.netrc, which the debugger never does; give -u user:password'],
  'aws-sigv4': ['', 'makes curl sign the request itself; paste the request curl sent (curl -v) as raw HTTP'],
  digest: ['', 'makes curl answer a Digest challenge from the server, which cannot be replayed here'],
  ntlm: ['', 'makes curl run an NTLM handshake, which cannot be replayed here'],
  negotiate: ['', 'makes curl run a Kerberos handshake, which cannot be replayed here'],
  anyauth: ['', 'lets curl pick an authentication method from the server\'s answer, which cannot be replayed here'],
  next: [':', 'starts a second request; paste one request at a time'],
  variable: ['', 'reads variables (and files) for --expand- flags; paste the values in the command'],
};

const SHORT = new Map<string, string>();
for (const table of [VALUE_FLAGS, SWITCHES, IGNORED_SWITCHES, IGNORED_VALUES]) for (const [long, s] of Object.entries(table)) if (s) SHORT.set(s, long);
for (const [long, [s]] of Object.entries(REFUSED)) if (s) SHORT.set(s, long);

interface Data {
  readonly flag: string;
  readonly long: string;
  readonly value: string;
}

/**
 * --data-urlencode's encoding: curl_easy_escape (every byte but A-Z a-z 0-9 - . _ ~ as %XX), then a space as "+"
 * (tool_getparam.c `replace_url_encoded_space_by_plus`; curl 7.88.1 sends `a+b`, checked in parse-curl-curl.test.ts).
 */
function curlEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function dataPiece(d: Data): string {
  if (d.long === 'data-raw') return d.value;
  if (d.long === 'data-urlencode') {
    // curl: split at the first "="; with none, an "@" means a file; with neither, the whole value is content.
    const eq = d.value.indexOf('=');
    if (eq < 0 && d.value.includes('@')) throw debugInputError(`${d.flag}: ${shown(d.value.slice(0, d.value.indexOf('@') + 1))}… reads a file, which the debugger never does; write name=content instead.`);
    if (eq < 0) return curlEscape(d.value);
    const name = d.value.slice(0, eq);
    return name === '' ? curlEscape(d.value.slice(1)) : `${name}=${curlEscape(d.value.slice(eq + 1))}`;
  }
  if (d.value.startsWith('@')) {
    throw debugInputError(`${d.flag}: ${d.value === '@-' ? '@- reads stdin' : `@${shown(d.value.slice(1), 40)} reads a file`}, which the debugger never does; paste the content instead, as --data-raw '…'.`);
  }
  return d.value;
}

/** The command's words after `curl`, up to the end of the command; what follows the command is refused or noted. */
function curlArguments(tokens: readonly ShellToken[], notes: string[]): (ShellToken & { kind: 'word' })[] {
  let k = 0;
  while (k < tokens.length && tokens[k]!.kind === 'op' && (tokens[k] as { op: string }).op === '\n') k++;
  const first = tokens[k];
  if (first?.kind === 'word' && first.value === '$') k++;
  const assigned: string[] = [];
  while (k < tokens.length && tokens[k]!.kind === 'word' && (tokens[k] as { assignment: boolean }).assignment) {
    assigned.push((tokens[k] as { value: string }).value.split('=')[0]!);
    k++;
  }
  if (assigned.length) notes.push(`The environment assignments before curl (${assigned.join(', ')}) were ignored: they do not reach the request.`);
  const cmd = tokens[k];
  if (cmd === undefined) throw debugInputError('The curl command is empty; paste it from "curl" on.');
  if (cmd.kind !== 'word' || !/(^|\/)curl$/.test(cmd.value)) {
    throw debugInputError(`line ${cmd.line}: expected a curl command, found ${cmd.kind === 'word' ? shown(cmd.value, 30) : `"${cmd.op.replace('\n', '\\n')}"`}; paste the command from "curl" on.`);
  }
  const words: (ShellToken & { kind: 'word' })[] = [];
  for (k++; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'word') {
      words.push(t);
      continue;
    }
    const rest = tokens.slice(k + 1);
    const more = rest.find((r) => r.kind === 'word');
    if (t.op === '\n') {
      if (more) throw debugInputError(`line ${more.line}: the curl command ended at the line break before it (no \\ at the end of line ${t.line}); add the backslash, or paste the command alone.`);
      break;
    }
    if (t.op === '&') {
      if (more) throw debugInputError(`line ${t.line}: an unquoted & ends the command in bash, so everything after it is lost (a URL with a query?); put the URL in single quotes.`);
      break;
    }
    if (['|', '||', '&&', ';', '|&'].includes(t.op)) {
      if (more) notes.push(`What follows "${t.op}" (line ${t.line}) is another command and was ignored.`);
      break;
    }
    throw debugInputError(`line ${t.line}: "${t.op}" (a redirection or subshell) is not part of the request; remove it and what it applies to.`);
  }
  return words;
}

/** Parses a pasted curl command. Bad input throws AppError ERR_DEBUG_INPUT naming the flag or the line. */
export function parseCurl(text: string): ParsedRequest {
  const input = limitedText(text, 'The curl command');
  const notes: string[] = [];
  const words = curlArguments(bashWords(input), notes);

  let method: { value: string; flag: string } | null = null;
  let get = false;
  let head = false;
  const urls: { value: string; where: string }[] = [];
  const data: Data[] = [];
  const custom: HeaderLine[] = [];
  const removed = new Set<string>();
  const own = new Map<string, HeaderLine>(); // curl's own headers, by lower-case name
  const cookies: string[] = [];
  const ignored: string[] = [];

  const apply = (long: string, flag: string, value: string): void => {
    switch (long) {
      case 'request':
        method = { value: checkMethod(value, flag), flag };
        break;
      case 'header': {
        if (value.startsWith('@')) throw debugInputError(`${flag}: @${shown(value.slice(1), 40)} reads headers from a file, which the debugger never does; give each as -H 'Name: value'.`);
        const colon = value.indexOf(':');
        if (colon < 0) {
          if (value.endsWith(';') && value.length > 1) custom.push(checkHeader(value.slice(0, -1), '', flag));
          else throw debugInputError(`${flag}: expected 'Name: value' (or 'Name;' for an empty value).`);
          break;
        }
        const [name, v] = checkHeader(value.slice(0, colon), trimOws(value.slice(colon + 1)), flag);
        if (v === '') removed.add(name.toLowerCase());
        else custom.push([name, v]);
        break;
      }
      case 'url':
        urls.push({ value, where: flag });
        break;
      case 'user-agent':
        own.set('user-agent', ['User-Agent', value]);
        if (value === '') own.delete('user-agent');
        break;
      case 'referer': {
        const ref = value.replace(/;auto$/, '');
        if (ref === '') own.delete('referer');
        else own.set('referer', checkHeader('Referer', ref, flag));
        break;
      }
      case 'cookie':
        if (!value.includes('=')) throw debugInputError(`${flag}: without "=" curl reads ${shown(value, 40)} as a cookie file, which the debugger never does; give the cookies as 'name=value; other=value'.`);
        cookies.push(value);
        break;
      case 'user': {
        const colon = value.indexOf(':');
        if (colon < 0) throw debugInputError(`${flag}: no password after the user name, so curl would ask for it; give -u 'user:password'.`);
        own.set('authorization', ['Authorization', `Basic ${Buffer.from(value, 'utf8').toString('base64')}`]);
        break;
      }
      case 'oauth2-bearer':
        own.set('authorization', checkHeader('Authorization', `Bearer ${value}`, flag));
        break;
      case 'get':
        get = true;
        break;
      case 'head':
        head = true;
        break;
      default:
        if (long.startsWith('data') || long === 'json') data.push({ flag, long, value });
        else ignored.push(flag);
    }
  };

  const takesValue = (long: string): boolean => long in VALUE_FLAGS || long in IGNORED_VALUES;
  const known = (long: string): boolean => takesValue(long) || long in SWITCHES || long in IGNORED_SWITCHES;
  const refuse = (long: string, flag: string): never => {
    throw debugInputError(`${flag}: ${REFUSED[long]![1]}.`);
  };

  let endOfOptions = false;
  for (let w = 0; w < words.length; w++) {
    const { value: arg, line } = words[w]!;
    const valueOf = (flag: string): string => {
      const next = words[++w];
      if (next === undefined) throw debugInputError(`${flag} (line ${line}): needs a value after it.`);
      return next.value;
    };
    if (endOfOptions || !arg.startsWith('-') || arg === '-') {
      urls.push({ value: arg, where: `the URL (line ${line})` });
    } else if (arg === '--') {
      endOfOptions = true;
    } else if (arg.startsWith('--')) {
      let long = arg.slice(2);
      if (long in REFUSED) refuse(long, arg);
      if (!known(long) && long.startsWith('no-') && long.slice(3) in IGNORED_SWITCHES) long = long.slice(3);
      if (!known(long)) {
        const eq = long.indexOf('=');
        const hint = eq > 0 && known(long.slice(0, eq)) ? ` curl takes the value as the next word: --${long.slice(0, eq)} '…', not --${long.slice(0, eq)}=….` : ' Remove it, or write the request out as raw HTTP.';
        throw debugInputError(`${shown(arg, 40)} (line ${line}): not a curl flag the debugger knows to be harmless.${hint}`);
      }
      apply(long, arg, takesValue(long) ? valueOf(arg) : '');
    } else {
      // Short flags cluster (-sSL); one that takes a value takes the rest of the word, or the next word (-XPOST, -X POST).
      for (let c = 1; c < arg.length; c++) {
        const letter = arg.charAt(c);
        const flag = `-${letter}`;
        const long = SHORT.get(letter);
        if (long === undefined) throw debugInputError(`${shown(flag)} (line ${line}): not a curl flag the debugger knows to be harmless; remove it, or write the request out as raw HTTP.`);
        if (long in REFUSED) refuse(long, flag);
        if (takesValue(long)) {
          apply(long, flag, c + 1 < arg.length ? arg.slice(c + 1) : valueOf(flag));
          break;
        }
        apply(long, flag, '');
      }
    }
  }
  if (ignored.length) notes.push(`Ignored, as they change nothing a signature covers: ${[...new Set(ignored)].join(', ')}.`);

  // The URL.
  if (urls.length === 0) throw debugInputError('The curl command has no URL; give it as an argument or with --url.');
  if (urls.length > 1) throw debugInputError(`The curl command has ${urls.length} URLs (${urls.map((u) => u.where).join(', ')}); curl would make one request each: keep one.`);
  let url = urls[0]!.value;
  const where = urls[0]!.where;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) {
    url = `http://${url}`;
    notes.push('The URL has no scheme; curl uses http://, and so does this request (write https:// if that is what is meant).');
  }
  const hash = url.indexOf('#');
  if (hash >= 0) {
    url = url.slice(0, hash);
    notes.push('The fragment (#…) of the URL was dropped: curl does not send it.');
  }
  checkUrl(url, where);
  if (/[[\]{}]/.test(url) && !ignored.some((f) => f === '-g' || f === '--globoff')) notes.push('The URL holds [ ] or { }, which curl expands into several requests unless -g is given; read literally here.');

  // The body, or the query with -G.
  let body: string | null = null;
  if (data.length) {
    let joined = '';
    data.forEach((d, i) => {
      joined += (i > 0 && d.long !== 'json' ? '&' : '') + dataPiece(d);
    });
    if (get) {
      url = `${url}${url.includes('?') ? '&' : '?'}${joined}`;
      checkUrl(url, where);
      notes.push('-G: the data was appended to the URL\'s query, as curl does.');
    } else {
      body = joined;
      if (data.some((d) => d.long === 'json')) {
        own.set('content-type', ['Content-Type', 'application/json']);
        own.set('accept', ['Accept', 'application/json']);
      } else {
        own.set('content-type', ['Content-Type', 'application/x-www-form-urlencoded']);
        if (!custom.some(([k]) => k.toLowerCase() === 'content-type') && !removed.has('content-type')) {
          notes.push(`curl sends Content-Type: application/x-www-form-urlencoded with ${data[0]!.flag} when no -H gives another; added.`);
        }
      }
    }
  }
  // curl joins repeated -b with ";" and no space (as curl 7.88.1 sends them).
  if (cookies.length) own.set('cookie', checkHeader('Cookie', cookies.join(';'), '-b'));

  // The method: -X wins; then -I, data (POST) or GET.
  let verb: string;
  const explicit = method as { value: string; flag: string } | null;
  if (head && body !== null && explicit === null) throw debugInputError('-I (HEAD) and data (-d …) ask for two methods; curl refuses this too: drop one, or add -G to send the data in the query.');
  if (explicit !== null) verb = explicit.value;
  else verb = head ? 'HEAD' : body !== null ? 'POST' : 'GET';

  const customNames = new Set(custom.map(([k]) => k.toLowerCase()));
  for (const name of removed) if (!customNames.has(name)) notes.push(`-H '${name}:' with no value removes curl's own ${name} header; none is sent.`);
  const headerLines: HeaderLine[] = [...[...own].filter(([k]) => !customNames.has(k) && !removed.has(k)).map(([, line]) => line), ...custom];
  return parsedRequest(verb, url, headerLines, body, notes);
}
