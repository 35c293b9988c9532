import { z } from 'zod';
import type { ChannelSpec } from '../../../shared/ipc/define.js';
import {
  contract,
  isChannelName,
  preloadOnlyChannels,
  type ChannelName,
  type PreloadOnlyChannelName,
  type ParsedRequestOf,
  type ResponseOf,
  type IpcResult,
} from '../../../shared/ipc/contract.js';
import { errorCodes, GuichetError, isGuichetError } from '../../../shared/ipc/errors.js';
import { toValidationIssues } from './validationIssues.js';

/** Who sent a call. Electron fills it from the IPC event's senderFrame; the web host from its authenticated socket. */
export interface IpcSender {
  /** True only for the app's own top-level frame (not an iframe, not another window's page). */
  isTopFrame: boolean;
  /** The sending frame's URL: must be the app's own origin. */
  url: string;
}

export type ChannelHandler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  sender: IpcSender,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type ChannelHandlers = { [C in ChannelName]?: ChannelHandler<C> };

type PreloadOnlyContract = typeof preloadOnlyChannels;
export type PreloadOnlyHandler<C extends PreloadOnlyChannelName> = (
  request: z.output<PreloadOnlyContract[C]['request']>,
  sender: IpcSender,
) => Promise<z.output<PreloadOnlyContract[C]['response']>> | z.output<PreloadOnlyContract[C]['response']>;

export interface IpcRouterOptions {
  /** Decides whether a sender URL belongs to the app (app://guichet in Electron, the host origin in the browser). */
  isTrustedOrigin(url: string): boolean;
  onError?(channel: string, error: unknown): void;
}

export interface IpcRouter {
  dispatch(channel: unknown, payload: unknown, sender: IpcSender): Promise<IpcResult>;
  register<C extends ChannelName>(channel: C, handler: ChannelHandler<C>): void;
  registered(): ChannelName[];
  /** A channel only the Electron preload reaches (see `preloadOnlyChannels`); `dispatch` never finds it. */
  registerPreloadOnly<C extends PreloadOnlyChannelName>(channel: C, handler: PreloadOnlyHandler<C>): void;
  /** Electron main only, for its `preloadOnlyIpcPrefix` listeners; the web host never calls it. */
  dispatchPreloadOnly(channel: unknown, payload: unknown, sender: IpcSender): Promise<IpcResult>;
}

function failure(code: string, key: string, details?: unknown): IpcResult {
  return details === undefined ? { ok: false, error: { code, key } } : { ok: false, error: { code, key, details } };
}

/**
 * The single entry point for every renderer call, in both hosts: sender check, schema parse of the
 * payload, handler, schema parse of the answer, and errors turned into `{code, key, params, details}`.
 */
export function createIpcRouter(options: IpcRouterOptions, handlers: ChannelHandlers = {}): IpcRouter {
  type Handler = (request: never, sender: IpcSender) => unknown;
  const table = new Map<ChannelName, Handler>();
  for (const [name, handler] of Object.entries(handlers)) {
    if (handler) table.set(name as ChannelName, handler as Handler);
  }

  const preloadOnly = new Map<PreloadOnlyChannelName, Handler>();

  const isOwnFrame = (sender: IpcSender) => sender.isTopFrame && options.isTrustedOrigin(sender.url);
  const forbidden = () => failure(errorCodes.forbiddenSender, 'app:hostErrors.forbiddenSender');

  async function run(channelName: string, spec: ChannelSpec, handler: Handler | undefined, payload: unknown, sender: IpcSender): Promise<IpcResult> {
    if (!handler) {
      return failure(errorCodes.unknownChannel, 'app:hostErrors.unknownChannel', { channel: channelName });
    }
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      return failure(errorCodes.invalidPayload, 'app:hostErrors.invalidPayload', {
        issues: toValidationIssues(parsed.error),
      });
    }
    try {
      const value = await handler(parsed.data as never, sender);
      const checked = (spec.response as z.ZodType).safeParse(value);
      if (!checked.success) {
        options.onError?.(channelName, checked.error);
        return failure(errorCodes.invalidResponse, 'app:hostErrors.invalidResponse');
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (isGuichetError(error)) return { ok: false, error: error.toIpc() };
      options.onError?.(channelName, error);
      return failure(errorCodes.internal, 'app:hostErrors.unexpected');
    }
  }

  return {
    register(channelName, handler) {
      table.set(channelName, handler as unknown as Handler);
    },
    registered() {
      return [...table.keys()];
    },
    registerPreloadOnly(channelName, handler) {
      preloadOnly.set(channelName, handler as unknown as Handler);
    },
    async dispatch(channelName, payload, sender) {
      // Sender first: a foreign frame learns nothing, not even whether the channel exists.
      if (!isOwnFrame(sender)) return forbidden();
      if (!isChannelName(channelName)) {
        return failure(errorCodes.unknownChannel, 'app:hostErrors.unknownChannel', { channel: String(channelName).slice(0, 100) });
      }
      return run(channelName, contract[channelName], table.get(channelName), payload, sender);
    },
    async dispatchPreloadOnly(channelName, payload, sender) {
      if (!isOwnFrame(sender)) return forbidden();
      if (typeof channelName !== 'string' || !Object.prototype.hasOwnProperty.call(preloadOnlyChannels, channelName)) {
        return failure(errorCodes.unknownChannel, 'app:hostErrors.unknownChannel', { channel: String(channelName).slice(0, 100) });
      }
      const name = channelName as PreloadOnlyChannelName;
      return run(name, preloadOnlyChannels[name], preloadOnly.get(name), payload, sender);
    },
  };
}

export { GuichetError };
