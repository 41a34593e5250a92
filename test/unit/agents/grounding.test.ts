import { ungroundedTokens } from '../../../agents/answer/grounding.js';

describe('the grounding check', () => {
  const rows = [{ caller_name: 'bert-jan', events: 2642, sourceipaddress: '192.168.10.20', group_id: 'sg-04cfb7a4712d75b00', cost: 1234.5678 }];
  const evidence = { rows, question: 'who opened security groups in prod (123837392027)?', scope: 'in prod (123837392027), today (2023-07-10 00:00 UTC → 2023-07-11 00:00 UTC)' };

  it('accepts an answer whose every identifier and number is in the evidence', () => {
    expect(ungroundedTokens('bert-jan made **2,642** calls from 192.168.10.20 and opened `sg-04cfb7a4712d75b00` in 123837392027 on 2023-07-10. Cost 1234.57.', evidence)).toEqual([]);
  });

  it('names what the evidence does not contain', () => {
    expect(ungroundedTokens('Opened by 10.1.2.3 in account 999999999999: 17 calls, sg-0badc0ffee12345', evidence).sort()).toEqual(['10.1.2.3', '17', '999999999999', 'sg-0badc0ffee12345']);
  });

  it('checks quoted names too', () => {
    expect(ungroundedTokens('The user `mallory` did it', evidence)).toEqual(['mallory']);
  });
});
