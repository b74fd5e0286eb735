/**
 * The Debugger's rules: the inputs as the debug:run input (and the input a problem points at before anything is
 * sent), which input an error from main concerns, the fix in words, offsets as a person reads them, and the
 * `openDebugger` command applied to the Debugger's store.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fixText, formatOffset, formatSpan, problemOf, runInput, sourceOfFile } from '../../../../src-renderer/features/debugger/debugger-model';
import { emptyInputs, type DebuggerInputs } from '../../../../src-renderer/features/debugger/debugger-slice';
import { useDebuggerStore } from '../../../../src-renderer/features/debugger/debugger-store';
import { useNavigationStore } from '../../../../src-renderer/shared/navigation/navigation-store';

const inputs = (patch: Partial<DebuggerInputs>): DebuggerInputs => ({ ...emptyInputs(), ...patch });

describe('runInput', () => {
  it('builds the debug:run input for pasted text, a HAR entry, a record, a session, an answer and the clock', () => {
    expect(runInput(inputs({ source: 'curl', texts: { http: '', curl: 'curl https://x', har: '' } }), 'e1')).toEqual({
      input: { source: { kind: 'curl', text: 'curl https://x' }, scheme: 'auto', key: { entryId: 'e1' }, response: null, serverTime: false },
    });
    const har = runInput(inputs({ source: 'har', texts: { http: '', curl: '', har: '{}' }, harEntry: ' 2 ', keyMode: 'session', responseStatus: '401', responseBody: '{"code":"x"}', serverTime: true, scheme: 'hmac' }), null);
    expect(har).toEqual({ input: { source: { kind: 'har', text: '{}', entry: 2 }, scheme: 'hmac', key: { session: true }, response: { status: 401, body: '{"code":"x"}' }, serverTime: true } });
    expect(runInput(inputs({ source: 'record', recordId: 'r1' }), 'e1')).toMatchObject({ input: { source: { kind: 'record', recordId: 'r1' } } });
    expect(runInput(inputs({ source: 'http', texts: { http: 'GET / HTTP/1.1', curl: '', har: '' }, responseBody: 'denied' }), 'e1')).toMatchObject({ input: { response: { status: null, body: 'denied' } } });
  });

  it('names the input that is wrong before anything is sent', () => {
    expect(runInput(inputs({ source: 'curl' }), 'e1')).toEqual({ problem: { field: 'source', message: 'Paste the curl command to debug, or drop its file here.' } });
    expect(runInput(inputs({ source: 'record' }), 'e1')).toMatchObject({ problem: { field: 'record' } });
    expect(runInput(inputs({ source: 'har', texts: { http: '', curl: '', har: '{}' }, harEntry: '-1' }), 'e1')).toMatchObject({ problem: { field: 'entry' } });
    expect(runInput(inputs({ source: 'curl', texts: { http: '', curl: 'curl x', har: '' } }), null)).toMatchObject({ problem: { field: 'key' } });
    expect(runInput(inputs({ source: 'curl', texts: { http: '', curl: 'curl x', har: '' }, responseStatus: '42' }), 'e1')).toMatchObject({ problem: { field: 'response' } });
  });
});

describe('problemOf', () => {
  it('points main’s errors at their input', () => {
    expect(problemOf('ERR_DEBUG_INPUT', 'line 1: a single quote is never closed; add the closing \'.', 'curl')).toEqual({ field: 'source', message: 'line 1: a single quote is never closed; add the closing \'.' });
    expect(problemOf('ERR_DEBUG_INPUT', 'Could not tell the scheme from the request’s headers, host or parameters: name it with --scheme (or pick it in the Debugger).', 'curl').field).toBe('scheme');
    expect(problemOf('ERR_DEBUG_INPUT', 'Could not tell the scheme from …', 'curl').message).not.toContain('--scheme');
    expect(problemOf('ERR_SIGNING_INPUT', 'scheme: Sandbox exchange keys sign only with hmac or recipe, not okx-v5', 'curl')).toEqual({ field: 'scheme', message: 'Sandbox exchange keys sign only with hmac or recipe, not okx-v5' });
    expect(problemOf('ERR_DEBUG_INPUT', 'No credentials for this session: paste them first, or choose a key from the vault.', 'curl').field).toBe('key');
    expect(problemOf('ERR_DEBUG_INPUT', 'entry 3: the HAR has 1 entries, numbered 0 to 0.', 'har').field).toBe('entry');
    expect(problemOf('ERR_RECORD_NOT_FOUND', 'No such record.', 'record').field).toBe('record');
    expect(problemOf('ERR_VAULT_LOCKED', 'The vault is locked.', 'curl').field).toBe('key');
    expect(problemOf('ERR_INTERNAL', 'Something unexpected went wrong.', 'curl').field).toBe('general');
  });
});

describe('words and numbers', () => {
  it('says each fix in a sentence', () => {
    expect(fixText({ action: 'resign', timestamp: 'now', nonce: 'fresh' })).toBe('Sign it again the way the API expects, with a fresh timestamp and a new nonce.');
    expect(fixText({ action: 'add-component', component: 'Authorization', where: 'header' })).toBe('Add Authorization to the request’s header.');
    expect(fixText({ action: 'reencode-signature', from: 'hex', to: 'base64' })).toBe('Write the signature as base64, not hex.');
  });

  it('writes offsets and spans', () => {
    expect(formatOffset(-600_000)).toBe('−10 min');
    expect(formatOffset(1500)).toBe('+1.5 s');
    expect(formatOffset(0)).toBe('±0 ms');
    expect(formatSpan(30_000)).toBe('30 s');
    expect(formatSpan(3_725_000)).toBe('1 h 2 min');
  });

  it('tells a dropped file’s source from its name and text', () => {
    expect(sourceOfFile('capture.har', '')).toBe('har');
    expect(sourceOfFile('x.txt', '  {"log":{}}')).toBe('har');
    expect(sourceOfFile('x.txt', 'curl -X GET https://x')).toBe('curl');
    expect(sourceOfFile('req.http', 'GET / HTTP/1.1')).toBe('http');
  });
});

describe('the openDebugger command', () => {
  beforeEach(() => {
    useNavigationStore.setState({ page: 'vault', command: null });
    useDebuggerStore.setState({ inputs: { ...emptyInputs(), responseStatus: '500', responseBody: 'x' }, result: null, runPending: false });
  });

  it('opens the Debugger on the record with its key, its own answer, and a diagnosis pending', () => {
    useNavigationStore.getState().openDebugger({ recordId: 'r7', entryId: 'e3' });
    expect(useNavigationStore.getState().page).toBe('debugger');
    const s = useDebuggerStore.getState();
    expect(s.inputs).toMatchObject({ source: 'record', recordId: 'r7', keyMode: 'vault', entryId: 'e3', responseStatus: '', responseBody: '' });
    expect(s.runPending).toBe(true);
  });

  it('without a record, only opens the page', () => {
    useNavigationStore.getState().openDebugger();
    expect(useNavigationStore.getState().page).toBe('debugger');
    expect(useDebuggerStore.getState().inputs.source).toBe('curl');
    expect(useDebuggerStore.getState().runPending).toBe(false);
  });
});
