import { HOUR, activityLevel, isoSeconds, isWeekend, slots } from '../../../../pipeline-infra/lake/generator/rhythm.js';

const wednesday = (hourUtc: number) => Date.parse('2024-05-15T00:00:00Z') + hourUtc * HOUR;
const saturday = (hourUtc: number) => Date.parse('2024-05-18T00:00:00Z') + hourUtc * HOUR;

describe('rhythm', () => {
  it('is quiet at night and at weekends for people, busy in office hours', () => {
    expect(activityLevel('office', wednesday(2))).toBeLessThan(0.05);
    expect(activityLevel('office', wednesday(10))).toBeGreaterThan(0.9);
    expect(activityLevel('office', saturday(10))).toBeLessThan(0.1);
    expect(activityLevel('traffic', wednesday(3))).toBeLessThan(activityLevel('traffic', wednesday(18)) / 3);
    expect(activityLevel('traffic', saturday(18))).toBeLessThan(activityLevel('traffic', wednesday(18)));
    expect(activityLevel('always', wednesday(3))).toBe(1);
  });

  it('follows a person\'s own time zone', () => {
    // 15:00 UTC is 10:00 in New York and midnight in Tokyo.
    expect(activityLevel('office', wednesday(15), -5)).toBeGreaterThan(0.9);
    expect(activityLevel('office', wednesday(15), 9)).toBeLessThan(0.05);
    expect(isWeekend(Date.parse('2024-05-17T23:30:00Z'), 9)).toBe(true);
  });

  it('formats times as CloudTrail does, to the second', () => {
    for (const ms of [Date.parse('2024-05-15T09:59:59.999Z'), Date.parse('2024-05-15T10:00:00Z'), Date.parse('2024-05-15T10:00:07.5Z'), Date.parse('2023-12-31T23:59:09Z')]) {
      expect(isoSeconds(ms)).toBe(new Date(ms).toISOString().slice(0, 19) + 'Z');
    }
  });

  it('lists aligned slots covering a window', () => {
    const from = Date.parse('2024-05-15T10:30:00Z');
    expect([...slots({ from, to: from + 2 * HOUR }, HOUR)].map((t) => new Date(t).toISOString())).toEqual(['2024-05-15T10:00:00.000Z', '2024-05-15T11:00:00.000Z', '2024-05-15T12:00:00.000Z']);
  });
});
