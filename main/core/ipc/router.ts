import { z } from 'zod';
import {
  contract,
  isChannelName,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf,
  type IpcResult,
} from '../../../shared/ipc/contract.js';
import { errorCodes, GuichetError, isGuichetError } from '../../../shared/ipc/errors.js';

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

export interface IpcRouterOptions {
  /** Decides whether a sender URL belongs to the app (app://guichet in Electron, the host origin in the browser). */
  isTrustedOrigin(url: string): boolean;
  onError?(channel: string, error: unknown): void;
}

export interface IpcRouter {
  dispatch(channel: unknown, payload: unknown, sender: IpcSender): Promise<IpcResult>;
  register<C extends ChannelName>(channel: C, handler: ChannelHandler<C>): void;
  registered(): ChannelName[];
}

function failure(code: string, message: string, details?: unknown): IpcResult {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

/**
 * The single entry point for every renderer call, in both hosts: sender check, schema parse of the
 * payload, handler, schema parse of the answer, and errors turned into `{code, message, details}`.
 */
export function createIpcRouter(options: IpcRouterOptions, handlers: ChannelHandlers = {}): IpcRouter {
  const table = new Map<ChannelName, ChannelHandler<ChannelName>>();
  for (const [name, handler] of Object.entries(handlers)) {
    if (handler) table.set(name as ChannelName, handler as ChannelHandler<ChannelName>);
  }

  return {
    register(channelName, handler) {
      table.set(channelName, handler as unknown as ChannelHandler<ChannelName>);
    },
    registered() {
      return [...table.keys()];
    },
    async dispatch(channelName, payload, sender) {
      // Sender first: a foreign frame learns nothing, not even whether the channel exists.
      if (!sender.isTopFrame || !options.isTrustedOrigin(sender.url)) {
        return failure(errorCodes.forbiddenSender, 'Appel refusé : il ne provient pas de la fenêtre de Guichet.');
      }
      if (!isChannelName(channelName)) {
        return failure(errorCodes.unknownChannel, 'Action inconnue.', { channel: String(channelName).slice(0, 100) });
      }
      const handler = table.get(channelName);
      if (!handler) {
        return failure(errorCodes.unknownChannel, 'Cette action n’est pas disponible dans cette version.', { channel: channelName });
      }
      const spec = contract[channelName];
      const parsed = spec.request.safeParse(payload ?? {});
      if (!parsed.success) {
        return failure(errorCodes.invalidPayload, 'Requête invalide.', {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      try {
        const value = await handler(parsed.data as never, sender);
        const checked = (spec.response as z.ZodType).safeParse(value);
        if (!checked.success) {
          options.onError?.(channelName, checked.error);
          return failure(errorCodes.invalidResponse, 'Réponse interne inattendue ; l’incident a été journalisé.');
        }
        return { ok: true, value: checked.data };
      } catch (error) {
        if (isGuichetError(error)) return { ok: false, error: error.toIpc() };
        options.onError?.(channelName, error);
        return failure(errorCodes.internal, 'Une erreur inattendue est survenue ; l’incident a été journalisé.');
      }
    },
  };
}

export { GuichetError };
