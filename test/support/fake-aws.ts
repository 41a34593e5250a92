import { sdkApiSource } from '../../pipeline-infra/api-sources/sdk/index.js';
import type { CallTarget, ClientFactory, SdkClientName } from '../../pipeline-infra/api-sources/sdk/aws-call.js';
import type { ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';

/** What a fake command answers: its output, from the command's input. */
export type FakeHandlers = Partial<Record<SdkClientName, Record<string, (input: Record<string, unknown>) => unknown>>>;

export interface FakeFaults {
  /** The first N calls fail as AWS throttling does. */
  throttle?: number;
  /** Calls of this command (e.g. ListFindingsCommand) are denied. */
  deny?: string;
}

export interface FakeCall {
  client: SdkClientName;
  command: string;
  input: Record<string, unknown>;
  target: CallTarget;
}

/** SDK clients that answer from handlers, recording each call; `send` is all cia uses of a client. */
export function fakeAws(handlers: FakeHandlers, faults: FakeFaults = {}): { clients: ClientFactory; calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  let throttles = faults.throttle ?? 0;
  const clients: ClientFactory = (client, target) => ({
    send: async (command: object) => {
      const name = command.constructor.name;
      const input = (command as { input: Record<string, unknown> }).input;
      calls.push({ client, command: name, input, target });
      if (throttles > 0) {
        throttles -= 1;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      }
      if (faults.deny === name) throw Object.assign(new Error(`User is not authorized to perform ${name}`), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      const handler = handlers[client]?.[name];
      if (!handler) throw new Error(`the fake ${client} client has no ${name}`);
      return handler(input);
    },
  });
  return { clients, calls };
}

/** An SDK-backed source over fake clients, one account and region, retrying without waiting. */
export function fakeSdkSource(service: ApiSourceName, clients: ClientFactory, options: { accounts?: string[]; regions?: string[] } = {}) {
  return sdkApiSource(service, {
    clients,
    accounts: options.accounts ?? ['333333333333'],
    regionsOf: () => options.regions ?? ['eu-central-1'],
    managementAccount: '111111111111',
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} },
  });
}

/** Two pages of items: the first with a token, the second without. */
export function twoPages<T>(items: T[], token: string | undefined, field: string, tokenField: string) {
  const half = Math.ceil(items.length / 2);
  return token ? { [field]: items.slice(half) } : { [field]: items.slice(0, half), [tokenField]: 'page-2' };
}
