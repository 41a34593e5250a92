import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { InvestigationJob } from '../investigations/investigation-job.js';
import type { JobQueue } from './job-queue.js';

/** Production: an asynchronous invoke of the worker function, so the slack function can ack at once. */
export class LambdaJobQueue implements JobQueue {
  constructor(private readonly client: LambdaClient, private readonly workerFunctionName: string) {}

  async enqueue(job: InvestigationJob): Promise<void> {
    await this.client.send(new InvokeCommand({ FunctionName: this.workerFunctionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(job)) }));
  }
}
