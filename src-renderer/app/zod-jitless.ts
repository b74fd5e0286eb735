/**
 * The renderer's CSP has no 'unsafe-eval'. Zod probes `new Function` once to decide whether to compile fast
 * parsers, which the CSP reports as a violation; jitless mode skips the probe (the forms parse a handful of fields).
 * Imported first by main.tsx, before any schema is used.
 */
import { config } from 'zod';

config({ jitless: true });
