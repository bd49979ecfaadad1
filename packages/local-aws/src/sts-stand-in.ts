import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, readBody } from './loopback-server.js';

/** Credentials the stand-in handed out for one AssumeRole call. */
export interface IssuedCredentials {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly accessKeyId: string;
}

/** A running STS stand-in. */
export interface StsStandIn {
  /** Endpoint to put in `AWS_ENDPOINT_URL_STS`. */
  readonly url: string;
  /** Every AssumeRole answered with credentials. */
  readonly issued: IssuedCredentials[];
  /** Every call: action and, for AssumeRole, the role ARN. */
  readonly calls: { readonly action: string; readonly roleArn?: string }[];
  /** Answer AssumeRole with `AccessDenied` (role trust policy does not allow the caller). */
  setDeny(deny: boolean): void;
  close(): Promise<void>;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/**
 * Starts an STS stand-in on loopback speaking the AWS query protocol (form-encoded POST, XML
 * answers): `AssumeRole` issues fresh `ASIA…` credentials valid for `DurationSeconds` (default
 * 3600), `GetCallerIdentity` answers a fixed identity. Reached by the real `@aws-sdk/client-sts`
 * and by credential providers through `AWS_ENDPOINT_URL_STS`.
 */
export async function startStsStandIn(options: { accountId?: string } = {}): Promise<StsStandIn> {
  const accountId = options.accountId ?? '000000000000';
  const issued: IssuedCredentials[] = [];
  const calls: { action: string; roleArn?: string }[] = [];
  let deny = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = new URLSearchParams(await readBody(req));
    const action = form.get('Action') ?? '';
    const requestId = randomUUID();
    const send = (status: number, xml: string): void => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(xml);
    };
    const sendError = (status: number, code: string, message: string): void =>
      send(
        status,
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    if (!/Credential=[^/]+\//.test(req.headers.authorization ?? '')) {
      sendError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      return;
    }
    if (action === 'GetCallerIdentity') {
      calls.push({ action });
      send(
        200,
        `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>arn:aws:sts::${accountId}:assumed-role/trailwatch-alerter/local</Arn><UserId>AROALOCALSTANDIN:local</UserId><Account>${accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
      return;
    }
    if (action !== 'AssumeRole') {
      sendError(400, 'InvalidAction', `Could not find operation ${action}`);
      return;
    }
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    calls.push({ action, roleArn });
    const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    if (role === null || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      sendError(400, 'ValidationError', 'RoleArn or RoleSessionName is not valid');
      return;
    }
    if (deny) {
      sendError(
        403,
        'AccessDenied',
        `User: arn:aws:sts::${accountId}:assumed-role/trailwatch-alerter/local is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      return;
    }
    const duration = Number(form.get('DurationSeconds') ?? 3600);
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    issued.push({ roleArn, roleSessionName: sessionName, accessKeyId });
    const expiration = new Date(Date.now() + duration * 1000).toISOString();
    send(
      200,
      `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey><SessionToken>${randomBytes(64).toString('base64')}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${escapeXml(sessionName)}</AssumedRoleId><Arn>arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${escapeXml(sessionName)}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  };

  const server = await listenOnLoopback(handle);
  return {
    url: server.origin,
    issued,
    calls,
    setDeny(value) {
      deny = value;
    },
    close: () => server.close(),
  };
}

function escapeXml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
