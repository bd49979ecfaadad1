import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsServiceError } from './errors.js';
import { listenOnLoopback, readBody, sleep } from './loopback-server.js';

/** Switchable failures shared by the AWS stand-ins; change them at any time through `setModes`. */
export interface FaultModes {
  /** Every call is answered `AccessDeniedException` (missing delegation policy or IAM permission). */
  readonly deny: boolean;
  /** The next N calls are answered with the service's throttling error, then it recovers. */
  readonly throttleFirst: number;
  /** Every answer is delayed by this many milliseconds (a slow service). */
  readonly delayMs: number;
  /** Every connection is reset without an answer (service unreachable). */
  readonly down: boolean;
}

/** One request the stand-in received, in arrival order. */
export interface RecordedCall {
  /** The operation, e.g. `ListAccounts`. */
  readonly action: string;
  /** Request parameters (redacted where the service says so). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Access key id from the SigV4 `Authorization` header: shows which credentials signed the call. */
  readonly accessKeyId: string | undefined;
  /** `ok` or the AWS error type it was answered with. */
  outcome: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** Handle on a running AWS JSON-protocol stand-in. */
export interface AwsJsonStandIn {
  /** Endpoint to put in `AWS_ENDPOINT_URL_<SERVICE>`. */
  readonly url: string;
  /** Every call received, in order. */
  readonly calls: RecordedCall[];
  /** Current fault modes. */
  readonly modes: FaultModes;
  /** Changes some fault modes; the others stay as they are. */
  setModes(modes: Partial<FaultModes>): void;
  close(): Promise<void>;
}

/** Operation implementation: returns the output shape or throws an {@link AwsServiceError}. */
export type ActionHandler = (params: Record<string, unknown>) => unknown;

/** What differs between the services spoken over AWS JSON 1.0/1.1. */
export interface AwsJsonServiceDefinition {
  /** The `X-Amz-Target` prefix, e.g. `AWSOrganizationsV20161128`. */
  readonly targetPrefix: string;
  /** `1.0` (DynamoDB, SQS) or `1.1` (Organizations, Secrets Manager). */
  readonly jsonVersion: '1.0' | '1.1';
  /** The error type the service throttles with. */
  readonly throttling: { readonly type: string; readonly message: string };
  /** Message of the `AccessDeniedException` in deny mode. */
  readonly denyMessage: (action: string) => string;
  readonly actions: Readonly<Record<string, ActionHandler>>;
  /** Which params to keep in the call log; never secrets. Default: all. */
  readonly recordParams?: (
    action: string,
    params: Record<string, unknown>,
  ) => Record<string, unknown>;
}

const NO_FAULTS: FaultModes = { deny: false, throttleFirst: 0, delayMs: 0, down: false };

/** The fault-mode members of a larger options object. */
export function pickFaultModes(options: Partial<FaultModes>): Partial<FaultModes> {
  const picked: { -readonly [K in keyof FaultModes]?: FaultModes[K] } = {};
  if (options.deny !== undefined) picked.deny = options.deny;
  if (options.throttleFirst !== undefined) picked.throttleFirst = options.throttleFirst;
  if (options.delayMs !== undefined) picked.delayMs = options.delayMs;
  if (options.down !== undefined) picked.down = options.down;
  return picked;
}

/** Starts a loopback server that speaks the AWS JSON protocol for `definition`. */
export async function startAwsJsonService(
  definition: AwsJsonServiceDefinition,
  initialModes: Partial<FaultModes> = {},
): Promise<AwsJsonStandIn> {
  const calls: RecordedCall[] = [];
  let modes: FaultModes = { ...NO_FAULTS, ...initialModes };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (modes.down) {
      req.socket.destroy();
      return;
    }
    if (modes.delayMs > 0) {
      await sleep(modes.delayMs);
    }
    const contentType = `application/x-amz-json-${definition.jsonVersion}`;
    const send = (status: number, body: unknown, errorType?: string): void => {
      const headers: Record<string, string> = {
        'content-type': contentType,
        'x-amzn-requestid': randomUUID(),
      };
      if (errorType !== undefined) {
        headers['x-amzn-errortype'] = `${errorType}:`;
      }
      res.writeHead(status, headers);
      res.end(JSON.stringify(body));
    };
    const sendError = (error: AwsServiceError): void =>
      send(
        error.status,
        { __type: error.type, message: error.message, ...error.extra },
        error.type,
      );

    const raw = await readBody(req);
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];
    if (req.method !== 'POST') {
      sendError(new AwsServiceError('UnknownOperationException', 'Only POST is supported', 404));
      return;
    }
    if (accessKeyId === undefined) {
      sendError(
        new AwsServiceError(
          'MissingAuthenticationTokenException',
          'Missing Authentication Token',
          403,
        ),
      );
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix, action = ''] = target.split('.');
    const implementation = Object.hasOwn(definition.actions, action)
      ? definition.actions[action]
      : undefined;
    if (prefix !== definition.targetPrefix || implementation === undefined) {
      sendError(new AwsServiceError('UnknownOperationException', `Unknown operation ${target}`));
      return;
    }
    let params: Record<string, unknown>;
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error('body is not a JSON object');
      }
      params = parsed as Record<string, unknown>;
    } catch (error) {
      sendError(
        new AwsServiceError(
          'SerializationException',
          `Cannot parse request body: ${String(error)}`,
        ),
      );
      return;
    }
    const call: RecordedCall = {
      action,
      params: definition.recordParams ? definition.recordParams(action, params) : params,
      accessKeyId,
      outcome: 'ok',
      at: Date.now(),
    };
    calls.push(call);
    try {
      if (modes.deny) {
        throw new AwsServiceError('AccessDeniedException', definition.denyMessage(action));
      }
      if (modes.throttleFirst > 0) {
        modes = { ...modes, throttleFirst: modes.throttleFirst - 1 };
        throw new AwsServiceError(definition.throttling.type, definition.throttling.message);
      }
      send(200, await implementation(params));
    } catch (error) {
      if (!(error instanceof AwsServiceError)) {
        throw error;
      }
      call.outcome = error.type;
      sendError(error);
    }
  };

  const server = await listenOnLoopback(handle);
  return {
    url: server.origin,
    calls,
    get modes() {
      return modes;
    },
    setModes(next) {
      modes = { ...modes, ...next };
    },
    close: () => server.close(),
  };
}

/** Reads a required string member of a request, or throws the service's validation error. */
export function requireString(
  params: Record<string, unknown>,
  name: string,
  errorType: string,
): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') {
    throw new AwsServiceError(errorType, `${name} is required and must be a non-empty string`);
  }
  return value;
}
