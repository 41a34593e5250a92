import type { LakeSubAgentDefinition } from './lake-subagent.js';

export const curSubAgent: LakeSubAgentDefinition = {
  source: 'cur',
  title: 'Cost and usage (CUR 2.0)',
  description: 'Costs (CUR 2.0): spend by service, account, region, usage type and day; cost spikes.',
  guidance: 'Sum line_item_unblended_cost; services are line_item_product_code values such as AmazonEC2; never state a figure that is not in the rows.',
  examples: ['cost by service in prod last month', 'how much did prod spend on EC2 yesterday?'],
};
