import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { investigate } from '../../../agents/investigate.js';
import { exportAgentSpans } from '../../../bot/observability/agent-spans.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import { FLAWS2_ACCOUNT, getObjectSpec, openFlaws2Lake } from '../../support/flaws2-lake.js';
import { RecordingTracerProvider } from '../../support/recording-tracer.js';
import { ScriptedModel, scriptedProvider } from '../../support/scripted-model.js';

/** The Strands SDK's OpenTelemetry spans for cia's agents, as an exporter would receive them. */
describe('the agents\' OpenTelemetry spans', () => {
  const provider = new RecordingTracerProvider();
  let flaws2: Awaited<ReturnType<typeof openFlaws2Lake>>;

  beforeAll(async () => {
    flaws2 = await openFlaws2Lake();
  }, 60_000);
  afterAll(async () => {
    trace.disable();
    await flaws2.close();
  });

  it('exports nothing without an OTLP endpoint, and leaves a provider already registered (ADOT) to export them', async () => {
    const warnings: string[] = [];
    expect((await exportAgentSpans({}, (line) => warnings.push(line))).mode).toBe('off');
    trace.setGlobalTracerProvider(provider);
    expect((await exportAgentSpans({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, (line) => warnings.push(line))).mode).toBe('distro');
    expect(warnings).toEqual([]);
  });

  it('spans the supervisor, the sub-agent, each model call and each tool call, tagged with the session and the investigation', async () => {
    const subagent = new ScriptedModel([{ toolUse: { name: 'query_cloudtrail_logs', input: getObjectSpec() } }, { text: 'done' }]);
    const supervisor = new ScriptedModel([{ toolUse: { name: 'cloudtrail_specialist', input: { task: 'GetObject calls' } } }, { text: 'GetObject calls came from 104.102.221.250.' }]);
    const { result } = await investigate(
      { question: 'who downloaded objects in the flaws account on 2018-11-28?', sessionId: 'session-7', investigationId: 'investigation-7', now: new Date('2018-11-29T00:00:00Z'), timeZone: 'UTC' },
      { config: parseOrgConfig({ accounts: [{ id: FLAWS2_ACCOUNT, alias: 'flaws' }] }), runner: flaws2.queries.runner, models: scriptedProvider(supervisor, [subagent]) },
    );
    expect(result.status).toBe('answered');

    const ids = { 'session.id': 'session-7', 'cia.investigation.id': 'investigation-7' };
    const [supervisorSpan, ...moreSupervisors] = provider.named(/^invoke_agent cia-supervisor$/);
    expect(moreSupervisors).toEqual([]);
    expect(supervisorSpan!.attributes).toMatchObject({ 'gen_ai.agent.name': 'cia-supervisor', 'gen_ai.usage.input_tokens': 200, 'gen_ai.usage.output_tokens': 40, ...ids });
    expect(JSON.parse(String(supervisorSpan!.attributes['gen_ai.agent.tools']))).toContain('cloudtrail_specialist');
    const [specialistSpan] = provider.named(/^invoke_agent cloudtrail-specialist$/);
    expect(specialistSpan!.attributes).toMatchObject({ 'gen_ai.agent.name': 'cloudtrail-specialist', 'gen_ai.usage.input_tokens': 200, ...ids });

    // Two model calls each for the supervisor and the specialist, with the model and its tokens.
    const chats = provider.named(/^chat$/);
    expect(chats).toHaveLength(4);
    for (const chat of chats) expect(chat.attributes).toMatchObject({ 'gen_ai.request.model': 'scripted', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20 });

    const [routing] = provider.named(/^execute_tool cloudtrail_specialist$/);
    expect(routing!.attributes).toMatchObject({ 'gen_ai.tool.name': 'cloudtrail_specialist', 'gen_ai.tool.status': 'success' });
    const [query] = provider.named(/^execute_tool query_cloudtrail_logs$/);
    expect(query!.attributes).toMatchObject({ 'gen_ai.tool.name': 'query_cloudtrail_logs', 'gen_ai.tool.status': 'success' });
    expect(provider.spans.every((span) => span.ended)).toBe(true);
  });
});
