import { appHomeView } from '../../../blocks/app-home.js';
import { feedbackAck } from '../../../blocks/feedback.js';
import { historyMessage, type InvestigationListItem } from '../../../blocks/history.js';
import { SLACK_LIMITS } from '../../../blocks/limits.js';
import { servicesMessage } from '../../../blocks/services.js';
import { expectAccepted, visibleText } from './expect-slack.js';

const HOSTILE = 'a < b && c > d <!channel>';

function sessions(n: number, title = (i: number) => `Question ${i}`): InvestigationListItem[] {
  return Array.from({ length: n }, (_, i) => ({
    session_id: `sess-${i}`,
    title: title(i),
    question_count: i + 1,
    // Oldest first, to show the list sorts newest first whatever order it gets.
    last_active_at: new Date(Date.UTC(2024, 0, 1, i)).toISOString(),
    permalink: `https://example.slack.com/archives/C1/p${1700000000 + i}`,
  }));
}

describe('historyMessage', () => {
  it('lists investigations newest first, with links, question counts, times in the zone and ids', () => {
    const message = historyMessage({ sessions: sessions(3), timeZone: 'Asia/Tokyo' });
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text.indexOf('sess-2')).toBeLessThan(text.indexOf('sess-1'));
    expect(text.indexOf('sess-1')).toBeLessThan(text.indexOf('sess-0'));
    expect(text).toContain('*<https://example.slack.com/archives/C1/p1700000002|Question 2>*');
    expect(text).toContain('3 questions · last active 2024-01-01 11:00 GMT+9 · id `sess-2`');
    expect(text).toContain('1 question ·');
    expect(text).toContain('/cia delete <id>');
  });

  it('has an empty state', () => {
    const message = historyMessage({ sessions: [], timeZone: 'UTC' });
    expectAccepted(message);
    expect(visibleText(message.blocks)).toContain('no investigations yet');
  });

  it('stays within limits for many long, hostile titles', () => {
    const message = historyMessage({ sessions: sessions(80, (i) => `${HOSTILE} 🚀 Zürich ${i} ${'t'.repeat(400)}`), timeZone: 'UTC' });
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('a &lt; b &amp;&amp; c &gt; d');
    expect(text).toContain('…and 65 older investigations.');
    expect(text).toContain('sess-79');
  });

  it('shows a session without a link, and an unreadable time as given', () => {
    const message = historyMessage({ sessions: [{ session_id: 's', title: 'plain', question_count: 2, last_active_at: 'not a time' }], timeZone: 'Nowhere/Invalid' });
    expectAccepted(message);
    expect(visibleText(message.blocks)).toContain('*plain*\\n2 questions · last active not a time');
  });
});

describe('servicesMessage', () => {
  const sources = [
    { name: 'CloudTrail', description: 'Who did what, when, in which account: every API call.', examples: ['who stopped EC2 instances last week?', 'failed console logins today'] },
    { name: 'VPC Flow Logs', description: 'Network traffic between hosts & the internet <summary>.', examples: ['top talkers to 10.0.1.15'] },
  ];

  it('describes each source with examples', () => {
    const message = servicesMessage(sources);
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text).toContain('*CloudTrail*');
    expect(text).toContain('• “who stopped EC2 instances last week?”');
    expect(text).toContain('hosts &amp; the internet &lt;summary&gt;');
    expect(message.text).toBe('cia can query 2 sources: CloudTrail, VPC Flow Logs');
  });

  it('stays within limits for many verbose sources, and has an empty state', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `source ${i} ${'n'.repeat(200)}`, description: `${HOSTILE} ${'d'.repeat(3_000)}`, examples: Array.from({ length: 10 }, () => 'e'.repeat(500)) }));
    const message = servicesMessage(many);
    expectAccepted(message);
    expect(visibleText(message.blocks)).toContain('…and 28 more.');
    expectAccepted(servicesMessage([]));
  });
});

describe('appHomeView', () => {
  const health = [
    { name: 'session store', up: true, ms: 4 },
    { name: 'query engine', up: false, ms: 2000, error: 'no answer within 2000 ms <timeout>' },
  ];

  it('is a home view with recent investigations and health', () => {
    const view = appHomeView({ sessions: sessions(3), health, timeZone: 'UTC' });
    expect(view.type).toBe('home');
    expectAccepted(view, 'home');
    const text = visibleText(view.blocks);
    expect(text).toContain('Question 2');
    expect(text).toContain('1 of 2 down.');
    expect(text).toContain('no answer within 2000 ms &lt;timeout&gt;');
    expect(text).toContain(':large_green_circle: up · 4 ms');
  });

  it('stays within a view’s limits with many sessions and health lines, and has empty states', () => {
    const manyHealth = Array.from({ length: 45 }, (_, i) => ({ name: `dep ${i} ${'n'.repeat(100)}`, up: i % 2 === 0, ms: i, error: 'e'.repeat(500) }));
    const view = appHomeView({ sessions: sessions(200, (i) => `${HOSTILE} ${i} ${'t'.repeat(300)}`), health: manyHealth, timeZone: 'UTC' });
    expectAccepted(view, 'home');
    expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerView);
    expect(visibleText(view.blocks)).toContain('/cia history');

    const empty = appHomeView({ sessions: [], health: [], timeZone: 'UTC' });
    expectAccepted(empty, 'home');
    expect(visibleText(empty.blocks)).toContain('no investigations yet');
  });
});

describe('feedbackAck', () => {
  it('thanks for either kind, briefly', () => {
    for (const kind of ['up', 'down'] as const) {
      const ack = feedbackAck(kind);
      expectAccepted(ack);
      expect(ack.blocks).toHaveLength(1);
      expect(ack.text).toMatch(/Thanks/);
    }
  });
});
