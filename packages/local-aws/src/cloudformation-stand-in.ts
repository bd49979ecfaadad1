import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, readBody } from './loopback-server.js';

/** A stack instance the stand-in holds. */
export interface StackInstanceSeed {
  readonly account: string;
  readonly region: string;
  /** @default 'CURRENT' */
  readonly status?: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  /** @default 'SUCCEEDED' */
  readonly detailedStatus?: string;
  /** @default 'NOT_CHECKED' */
  readonly drift?: string;
}

/** A running CloudFormation StackSets stand-in. */
export interface CloudFormationStandIn {
  /** Endpoint to put in `AWS_ENDPOINT_URL_CLOUDFORMATION`. */
  readonly url: string;
  /** Current instances of the one StackSet. */
  readonly instances: StackInstanceSeed[];
  /** Every call, in order: action and its form parameters. */
  readonly calls: { readonly action: string; readonly params: Readonly<Record<string, string>> }[];
  close(): Promise<void>;
}

const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function escapeXml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `Prefix.member.1`, `Prefix.member.2`, … of a query-protocol list. */
function members(params: Record<string, string>, prefix: string): string[] {
  return Object.keys(params)
    .filter((key) => key.startsWith(`${prefix}.member.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
    .map((key) => params[key] as string);
}

/**
 * Starts a CloudFormation stand-in for one service-managed StackSet, speaking the AWS query
 * protocol (form-encoded POST, XML answers) as `@aws-sdk/client-cloudformation` does. It serves
 * the StackSet calls operator tooling makes: ListStackInstances (paged), Create/
 * UpdateStackInstances (operations succeed at once; the first `busyFirst` answer
 * OperationInProgressException), DescribeStackSetOperation, ListStackSetOperations and
 * ListStackSetOperationResults. Any other StackSet name answers StackSetNotFoundException.
 */
export async function startCloudFormationStandIn(options: {
  readonly stackSetName: string;
  readonly instances?: readonly StackInstanceSeed[];
  readonly busyFirst?: number;
}): Promise<CloudFormationStandIn> {
  const instances: StackInstanceSeed[] = [...(options.instances ?? [])];
  const calls: { action: string; params: Record<string, string> }[] = [];
  const operations = new Map<string, string>();
  let busy = options.busyFirst ?? 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const action = params.Action ?? '';
    calls.push({ action, params });
    const requestId = randomUUID();
    const send = (status: number, xml: string): void => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(xml);
    };
    const ok = (body: string): void =>
      send(
        200,
        `<${action}Response xmlns="${XMLNS}"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
      );
    const fail = (status: number, code: string, message: string): void =>
      send(
        status,
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );

    if (!/Credential=[^/]+\//.test(req.headers.authorization ?? '')) {
      fail(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      return;
    }
    const stackSetActions = [
      'ListStackInstances',
      'CreateStackInstances',
      'UpdateStackInstances',
      'DescribeStackSetOperation',
      'ListStackSetOperations',
      'ListStackSetOperationResults',
    ];
    if (!stackSetActions.includes(action)) {
      fail(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
      return;
    }
    if (params.StackSetName !== options.stackSetName) {
      fail(404, 'StackSetNotFoundException', `StackSet ${params.StackSetName ?? ''} not found`);
      return;
    }
    switch (action) {
      case 'ListStackInstances': {
        const start = Number(params.NextToken ?? 0);
        const size = Number(params.MaxResults ?? 100);
        const page = instances.slice(start, start + size);
        const summaries = page
          .map(
            (i) =>
              `<member><StackSetId>${options.stackSetName}:1</StackSetId><Account>${i.account}</Account><Region>${i.region}</Region><Status>${i.status ?? 'CURRENT'}</Status><StackInstanceStatus><DetailedStatus>${i.detailedStatus ?? 'SUCCEEDED'}</DetailedStatus></StackInstanceStatus><DriftStatus>${i.drift ?? 'NOT_CHECKED'}</DriftStatus></member>`,
          )
          .join('');
        ok(
          `<Summaries>${summaries}</Summaries>${start + size < instances.length ? `<NextToken>${start + size}</NextToken>` : ''}`,
        );
        return;
      }
      case 'CreateStackInstances':
      case 'UpdateStackInstances': {
        if (busy > 0) {
          busy--;
          fail(409, 'OperationInProgressException', 'Another Operation on StackSet is in progress');
          return;
        }
        const operationId = params.OperationId ?? randomUUID();
        for (const account of members(params, 'DeploymentTargets.Accounts')) {
          for (const region of members(params, 'Regions')) {
            const index = instances.findIndex((i) => i.account === account && i.region === region);
            const instance = {
              account,
              region,
              status: 'CURRENT' as const,
              detailedStatus: 'SUCCEEDED',
            };
            if (index >= 0) instances[index] = instance;
            else instances.push(instance);
          }
        }
        operations.set(operationId, action === 'CreateStackInstances' ? 'CREATE' : 'UPDATE');
        ok(`<OperationId>${operationId}</OperationId>`);
        return;
      }
      case 'DescribeStackSetOperation': {
        const id = params.OperationId ?? '';
        if (!operations.has(id)) {
          fail(404, 'OperationNotFoundException', `Operation ${id} not found`);
          return;
        }
        ok(
          `<StackSetOperation><OperationId>${id}</OperationId><Action>${operations.get(id)}</Action><Status>SUCCEEDED</Status></StackSetOperation>`,
        );
        return;
      }
      case 'ListStackSetOperations':
        ok(
          `<Summaries>${[...operations].map(([id, op]) => `<member><OperationId>${id}</OperationId><Action>${op}</Action><Status>SUCCEEDED</Status></member>`).join('')}</Summaries>`,
        );
        return;
      case 'ListStackSetOperationResults':
        ok('<Summaries></Summaries>');
        return;
      default:
        fail(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  };
  const server = await listenOnLoopback(handle);
  return { url: server.origin, instances, calls, close: () => server.close() };
}
