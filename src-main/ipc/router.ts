/**
 * The one IPC router, shared by Electron (ipcMain.handle) and the browser host (WebSocket bridge):
 * unknown channel → ERR_UNKNOWN_CHANNEL; input validated by the channel's zod schema → ERR_VALIDATION;
 * output parsed by its schema too (unknown keys stripped, so a DTO cannot grow a secret by accident).
 */
import type { z } from 'zod';
import { isChannel, type Channel } from '../contract/channels';
import type { Result } from '../contract/errors';
import { contract, type OutputOf } from '../contract/schemas';
import { toErrorDto } from '../base/errors';
import type { Logger } from '../base/logger';
import { describeIssues } from '../base/describe-issues';

export type Handlers = {
  [C in Channel]: (input: z.output<(typeof contract)[C]['input']>) => Promise<OutputOf<C>> | OutputOf<C>;
};

export interface Router {
  handle(channel: unknown, input: unknown): Promise<Result<unknown>>;
}

export function createRouter(handlers: Handlers, logger: Logger): Router {
  return {
    async handle(channel, rawInput) {
      if (!isChannel(channel)) {
        return { ok: false, error: { code: 'ERR_UNKNOWN_CHANNEL', message: `There is no IPC channel named ${JSON.stringify(String(channel)).slice(0, 80)}.` } };
      }
      const spec = contract[channel];
      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success) {
        return { ok: false, error: { code: 'ERR_VALIDATION', message: `Invalid input for ${channel}: ${describeIssues(parsed.error)}` } };
      }
      try {
        const handler = handlers[channel] as (input: unknown) => unknown;
        const value = await handler(parsed.data);
        const out = spec.output.safeParse(value);
        if (!out.success) {
          logger.error('ipc output failed its schema', { channel, issues: describeIssues(out.error) });
          return { ok: false, error: toErrorDto(new Error('output schema')) };
        }
        return { ok: true, value: out.data };
      } catch (e) {
        const dto = toErrorDto(e);
        if (dto.code === 'ERR_INTERNAL') logger.error('ipc handler failed', { channel, error: e });
        return { ok: false, error: dto };
      }
    },
  };
}
