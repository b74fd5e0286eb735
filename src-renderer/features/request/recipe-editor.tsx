/**
 * The `recipe` scheme's editor, so a user-defined scheme is built in the UI, not only written as JSON. A structured view builds
 * the common cases without writing JSON; the JSON editor below it shows and takes everything. Both edit the same
 * text, kept per vault key in the UI store; the contract's `Recipe` schema checks it here and each issue shows at
 * the field it names. Main signs with the text as the scheme option `recipe`, exactly as if typed there.
 */
import { useId, useMemo, useRef, type ReactNode } from 'react';
import { RECIPE_ALGORITHMS, RECIPE_COMPONENT_TYPES, RECIPE_HASHES, RECIPE_KEY_DECODINGS, RECIPE_LOCATIONS, RECIPE_OUTPUTS, RECIPE_TIMESTAMP_FORMATS } from '../../../src-main/contract/recipe';
import { cx } from '../../shared/lib/cx';
import { Button, IconButton } from '../../shared/ui/button';
import { ChevronDownIcon, PlusIcon, XIcon } from '../../shared/ui/icons';
import { componentOfType, issuesByPath, moved, parseRecipeText, readSeparator, RECIPE_TEMPLATES, recipeIssues, recipeText, setAt, showSeparator, type RecipeIssue, type RecipeObject } from './recipe-model';
import { useRequestStore } from './request-store';

const COMPONENT_LABELS: Record<string, string> = {
  method: 'Method',
  host: 'Host',
  path: 'Path',
  query: 'Query',
  body: 'Body',
  bodyHash: 'Body hash',
  timestamp: 'Timestamp',
  nonce: 'Nonce',
  apiKey: 'API key',
  header: 'Header',
  literal: 'Literal text',
};
const PLACES = [
  { key: 'signature', title: 'Signature', optional: false },
  { key: 'timestamp', title: 'Timestamp', optional: true },
  { key: 'nonce', title: 'Nonce', optional: true },
  { key: 'apiKey', title: 'API key', optional: true },
] as const;

/** Paths the structured view shows at a field; any other issue is listed under the JSON. */
const PLACED = /^(components(\.\d+(\.(type|format|prefix|algorithm|encoding|name|value))?)?|separator|algorithm|keyPosition|key(\.(field|decoding))?|output|(signature|timestamp|nonce|apiKey)(\.(in|name|prefix|format))?)$/;

const obj = (v: unknown): RecipeObject => (v && typeof v === 'object' && !Array.isArray(v) ? (v as RecipeObject) : {});
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function Select({ label, value, options, onChange, error, labels }: { label: string; value: string; options: readonly string[]; onChange: (v: string) => void; error?: string | undefined; labels?: Record<string, string> }) {
  const known = options.includes(value);
  return (
    <select className="input select recipe-input" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
      {known ? null : <option value={value}>{value === '' ? '—' : `${value} (unknown)`}</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {labels?.[o] ?? o}
        </option>
      ))}
    </select>
  );
}

function Text({ label, value, onChange, error, placeholder, className }: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined; placeholder?: string; className?: string }) {
  return (
    <input
      className={cx('input input-mono recipe-input', className)}
      aria-label={label}
      value={value}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={error ? true : undefined}
      spellCheck={false}
      autoComplete="off"
    />
  );
}

function Errors({ messages }: { messages: readonly (string | undefined)[] }) {
  const shown = messages.filter((m): m is string => Boolean(m));
  if (!shown.length) return null;
  return (
    <>
      {shown.map((m) => (
        <p key={m} className="field-error recipe-error" role="alert">
          {m}
        </p>
      ))}
    </>
  );
}

/** One labelled control with the issues at its paths under it. */
function Cell({ label, children, errors }: { label: string; children: ReactNode; errors?: readonly (string | undefined)[] }) {
  return (
    <div className={cx('field recipe-cell', errors?.some(Boolean) && 'field-invalid')}>
      <span className="field-label">{label}</span>
      {children}
      <Errors messages={errors ?? []} />
    </div>
  );
}

function Components({ recipe, at, change }: { recipe: RecipeObject; at: (p: string) => string | undefined; change: (r: RecipeObject) => void }) {
  const list = Array.isArray(recipe.components) ? (recipe.components as unknown[]) : [];
  const setList = (next: unknown[]) => change(setAt(recipe, ['components'], next));
  const box = useRef<HTMLDivElement>(null);
  // Focus follows the component that moved (or the row that took a removed one's place), so the keyboard keeps its place.
  const focusLater = (label: string) =>
    requestAnimationFrame(() => {
      const el = box.current?.querySelector<HTMLElement>(`[aria-label="${label}"]:not(:disabled)`) ?? box.current?.querySelector<HTMLElement>('.kv-add');
      el?.focus();
    });
  const move = (i: number, to: number, direction: 'up' | 'down') => {
    setList(moved(list, i, to));
    focusLater(`Move component ${to + 1} ${direction}`);
  };
  return (
    <div className="recipe-components" ref={box}>
      <ol className="recipe-component-list" aria-label="Components of the string to sign">
        {list.map((raw, i) => {
          const c = obj(raw);
          const type = str(c.type);
          const p = (f: string) => at(`components.${i}.${f}`);
          const edit = (field: string, value: unknown) => setList(list.map((x, j) => (j === i ? setAt(obj(x), [field], value) : x)));
          const n = i + 1;
          return (
            <li key={i} className={cx('recipe-component', (at(`components.${i}`) || p('type') || p('name') || p('value') || p('format') || p('prefix') || p('algorithm') || p('encoding')) && 'has-error')}>
              <span className="recipe-index" aria-hidden="true">
                {n}
              </span>
              <div className="recipe-component-fields">
                <Select label={`component ${n} type`} value={type} options={RECIPE_COMPONENT_TYPES} labels={COMPONENT_LABELS} error={p('type')} onChange={(t) => setList(list.map((x, j) => (j === i ? componentOfType(t, obj(x).label) : x)))} />
                {type === 'query' ? (
                  <>
                    <Select label={`component ${n} query format`} value={str(c.format, 'raw')} options={['raw', 'sorted']} labels={{ raw: 'raw', sorted: 'sorted' }} error={p('format')} onChange={(v) => edit('format', v === 'raw' ? undefined : v)} />
                    <Text label={`component ${n} query prefix`} value={str(c.prefix)} placeholder="prefix" error={p('prefix')} onChange={(v) => edit('prefix', v || undefined)} className="recipe-short" />
                  </>
                ) : null}
                {type === 'bodyHash' ? (
                  <>
                    <Select label={`component ${n} hash`} value={str(c.algorithm, 'sha256')} options={RECIPE_HASHES} error={p('algorithm')} onChange={(v) => edit('algorithm', v === 'sha256' ? undefined : v)} />
                    <Select label={`component ${n} encoding`} value={str(c.encoding, 'hex')} options={['hex', 'base64']} error={p('encoding')} onChange={(v) => edit('encoding', v === 'hex' ? undefined : v)} />
                  </>
                ) : null}
                {type === 'header' ? <Text label={`component ${n} header name`} value={str(c.name)} placeholder="Header name" error={p('name')} onChange={(v) => edit('name', v)} /> : null}
                {type === 'literal' ? <Text label={`component ${n} text`} value={str(c.value)} placeholder="Fixed text" error={p('value')} onChange={(v) => edit('value', v)} /> : null}
              </div>
              <div className="recipe-component-actions">
                <IconButton size="s" icon={<ChevronDownIcon className="icon recipe-up" />} label={`Move component ${n} up`} disabled={i === 0} onClick={() => move(i, i - 1, 'up')} />
                <IconButton size="s" icon={<ChevronDownIcon />} label={`Move component ${n} down`} disabled={i === list.length - 1} onClick={() => move(i, i + 1, 'down')} />
                <IconButton size="s" icon={<XIcon />} label={`Remove component ${n}`}
                  onClick={() => {
                    setList(list.filter((_, j) => j !== i));
                    focusLater(`component ${i < list.length - 1 ? n : n - 1} type`);
                  }}
                />
              </div>
              <div className="recipe-component-errors">
                <Errors messages={[at(`components.${i}`), p('type'), p('format'), p('prefix'), p('algorithm'), p('encoding'), p('name'), p('value')]} />
              </div>
            </li>
          );
        })}
      </ol>
      <Button size="s" variant="ghost" icon={<PlusIcon />} className="kv-add" onClick={() => {
          setList([...list, { type: 'path' }]);
          focusLater(`component ${list.length + 1} type`);
        }}
      >
        Add component
      </Button>
      <Errors messages={[at('components')]} />
    </div>
  );
}

function Places({ recipe, at, change }: { recipe: RecipeObject; at: (p: string) => string | undefined; change: (r: RecipeObject) => void }) {
  return (
    <div className="recipe-places" role="table" aria-label="Where values go">
      {PLACES.map(({ key, title, optional }) => {
        const place = recipe[key] === undefined ? null : obj(recipe[key]);
        const where = place ? str(place.in) : '';
        const set = (field: string, value: unknown) => change(setAt(recipe, [key, field], value));
        const p = (f: string) => at(`${key}.${f}`);
        return (
          <div key={key} className={cx('recipe-place', (at(key) || p('in') || p('name') || p('prefix') || p('format')) && 'has-error')} role="row">
            <span className="recipe-place-title" role="rowheader">
              {title}
            </span>
            <span role="cell" className="recipe-place-fields">
              <Select
                label={`${title} goes in`}
                value={where}
                options={optional ? ['', ...RECIPE_LOCATIONS] : RECIPE_LOCATIONS}
                labels={{ '': 'not sent', header: 'header', query: 'query', body: 'body' }}
                error={p('in')}
                onChange={(v) => {
                  if (v === '') return change(setAt(recipe, [key], undefined));
                  const next = { ...(place ?? {}), in: v, ...(place ? {} : { name: '' }), ...(key === 'timestamp' && !place ? { format: 'ms' } : {}) };
                  if (key === 'signature' && v !== 'header') delete (next as Record<string, unknown>).prefix;
                  change(setAt(recipe, [key], next));
                }}
              />
              {place ? <Text label={`${title} name`} value={str(place.name)} placeholder="name" error={p('name')} onChange={(v) => set('name', v)} /> : null}
              {place && key === 'timestamp' ? (
                <Select label="Timestamp format" value={str(place.format)} options={RECIPE_TIMESTAMP_FORMATS} labels={{ s: 'Unix s', ms: 'Unix ms', iso: 'ISO 8601' }} error={p('format')} onChange={(v) => set('format', v)} />
              ) : null}
              {place && key === 'signature' && where === 'header' ? <Text label="Signature prefix" value={str(place.prefix)} placeholder="prefix" error={p('prefix')} onChange={(v) => set('prefix', v || undefined)} /> : null}
            </span>
            <span className="recipe-place-errors">
              <Errors messages={[at(key), p('in'), p('name'), p('format'), p('prefix')]} />
            </span>
          </div>
        );
      })}
    </div>
  );
}

function Structured({ recipe, issues, change }: { recipe: RecipeObject; issues: readonly RecipeIssue[]; change: (r: RecipeObject) => void }) {
  const map = useMemo(() => issuesByPath(issues), [issues]);
  const at = (p: string) => map.get(p);
  const algorithm = str(recipe.algorithm);
  const key = obj(recipe.key);
  const plain = (RECIPE_HASHES as readonly string[]).includes(algorithm);
  return (
    <div className="recipe-structured">
      <div className="recipe-group">
        <h3 className="recipe-group-title">String to sign</h3>
        <Components recipe={recipe} at={at} change={change} />
        <div className="recipe-row">
          <Cell label="Separator (\n = newline)" errors={[at('separator')]}>
            <Text label="Separator" value={showSeparator(str(recipe.separator))} placeholder="none" error={at('separator')} onChange={(v) => change(setAt(recipe, ['separator'], v === '' ? undefined : readSeparator(v)))} />
          </Cell>
        </div>
      </div>
      <div className="recipe-group">
        <h3 className="recipe-group-title">Signature</h3>
        <div className="recipe-row">
          <Cell label="Algorithm" errors={[at('algorithm')]}>
            <Select
              label="Algorithm"
              value={algorithm}
              options={RECIPE_ALGORITHMS}
              error={at('algorithm')}
              onChange={(v) => change(setAt(setAt(recipe, ['algorithm'], v), ['keyPosition'], v.startsWith('hmac-') ? undefined : recipe.keyPosition))}
            />
          </Cell>
          {plain ? (
            <Cell label="Key goes" errors={[at('keyPosition')]}>
              <Select label="Key position" value={str(recipe.keyPosition, 'prefix')} options={['prefix', 'suffix']} labels={{ prefix: 'before the string', suffix: 'after the string' }} error={at('keyPosition')} onChange={(v) => change(setAt(recipe, ['keyPosition'], v === 'prefix' ? undefined : v))} />
            </Cell>
          ) : null}
          <Cell label="Key" errors={[at('key'), at('key.field')]}>
            <Select label="Key field" value={str(key.field, 'secret')} options={['secret']} error={at('key.field')} onChange={(v) => change(setAt(recipe, ['key', 'field'], v))} />
          </Cell>
          <Cell label="Key decoding" errors={[at('key.decoding')]}>
            <Select label="Key decoding" value={str(key.decoding, 'utf8')} options={RECIPE_KEY_DECODINGS} labels={{ utf8: 'UTF-8 text', base64: 'base64', hex: 'hex' }} error={at('key.decoding')} onChange={(v) => change(setAt(recipe, ['key', 'decoding'], v))} />
          </Cell>
          <Cell label="Output" errors={[at('output')]}>
            <Select label="Output encoding" value={str(recipe.output, 'hex')} options={RECIPE_OUTPUTS} error={at('output')} onChange={(v) => change(setAt(recipe, ['output'], v))} />
          </Cell>
        </div>
      </div>
      <div className="recipe-group">
        <h3 className="recipe-group-title">Where values go</h3>
        <Places recipe={recipe} at={at} change={change} />
      </div>
    </div>
  );
}

export function RecipeEditor({ entryId, mainError }: { entryId: string; mainError: string | null }) {
  const text = useRequestStore((s) => s.draft.recipes[entryId] ?? '');
  const recipeChanged = useRequestStore((s) => s.recipeChanged);
  const id = useId();
  const parsed = useMemo(() => parseRecipeText(text), [text]);
  const issues = useMemo(() => (parsed.ok ? recipeIssues(parsed.value) : []), [parsed]);
  const elsewhere = issues.filter((i) => !PLACED.test(i.path));
  const setText = (t: string) => recipeChanged(entryId, t);
  const change = (r: RecipeObject) => setText(recipeText(r));
  const formatted = parsed.ok ? recipeText(parsed.value) : text;
  const template = RECIPE_TEMPLATES.find((t) => parsed.ok && recipeText(t.recipe) === formatted);
  const empty = text.trim() === '';
  const status = empty ? 'empty' : !parsed.ok ? 'not JSON yet' : issues.length ? `${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}` : 'valid';

  return (
    <section className="compose-section recipe-editor" aria-labelledby={`${id}-title`}>
      <div className="compose-section-head">
        <h2 id={`${id}-title`} className="section-title">
          Recipe
        </h2>
        <span className="section-aside">
          <span className={cx('recipe-status', empty ? null : parsed.ok && !issues.length ? 'is-valid' : 'is-invalid')}>{status}</span>
          <select
            className="input select recipe-template"
            aria-label="Start from a template"
            value=""
            onChange={(e) => {
              const t = RECIPE_TEMPLATES.find((x) => x.id === e.target.value);
              if (t) setText(recipeText(t.recipe));
            }}
          >
            <option value="">Start from a template…</option>
            {RECIPE_TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </span>
      </div>
      {template ? <p className="field-hint">{template.note}</p> : null}
      {parsed.ok ? (
        <Structured recipe={parsed.value} issues={issues} change={change} />
      ) : empty ? (
        <div className="recipe-start">
          <p className="field-hint recipe-waiting">Describe how the API signs: start from a scheme below and adjust it, or write the recipe as JSON.</p>
          <div className="recipe-start-buttons">
            {RECIPE_TEMPLATES.map((t) => (
              <Button key={t.id} size="s" variant="secondary" onClick={() => setText(recipeText(t.recipe))}>
                {t.title}
              </Button>
            ))}
          </div>
        </div>
      ) : (
        <p className="field-hint recipe-waiting">The structured view returns once the JSON below parses.</p>
      )}
      <div className={cx('field', (!parsed.ok && !empty) || elsewhere.length || (mainError && !empty) ? 'field-invalid' : null)}>
        <div className="field-label">
          <label htmlFor={`${id}-json`}>Recipe JSON</label>
          <span className="section-aside">
            {parsed.ok && formatted !== text ? (
              <Button size="s" variant="ghost" onClick={() => setText(formatted)} title="Indent with 2 spaces">
                Format
              </Button>
            ) : null}
          </span>
        </div>
        <textarea
          id={`${id}-json`}
          className="input textarea input-mono recipe-json"
          value={text}
          rows={10}
          placeholder={'{ "components": [{ "type": "query" }], "algorithm": "hmac-sha256", "signature": { "in": "query", "name": "signature" } }'}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={(!parsed.ok && !empty) || elsewhere.length ? true : undefined}
          spellCheck={false}
        />
        <Errors messages={[!parsed.ok && !empty ? parsed.message : undefined, ...elsewhere.map((i) => `${i.path || 'recipe'}: ${i.message}`), empty || (parsed.ok && issues.length) ? undefined : (mainError ?? undefined)]} />
      </div>
    </section>
  );
}
