import { parse } from 'yaml';
import { parseOrgConfig } from '../../../../pipeline-infra/config/org-config.js';
import { ACCOUNTS, orgConfigYaml } from '../../../../pipeline-infra/lake/generator/accounts.js';
import { INVENTORY } from '../../../../pipeline-infra/lake/generator/inventory.js';

describe('the generated organization', () => {
  it('has main, dev and prod with their ids', () => {
    expect(ACCOUNTS.map((a) => [a.alias, a.id])).toEqual([['main', '111111111111'], ['dev', '222222222222'], ['prod', '333333333333']]);
  });

  it('writes a configuration file that cia accepts, with the channels of DESIGN §6.2', () => {
    const config = parseOrgConfig(parse(orgConfigYaml()));
    expect(config.accounts.map((a) => a.alias)).toEqual(['main', 'dev', 'prod']);
    expect(config.accounts.find((a) => a.alias === 'prod')!.regions).toEqual(['eu-central-1', 'us-east-1']);
    expect(config.channels).toEqual({ general: { accounts: ['main', 'dev'] }, oncall: { accounts: ['main', 'dev', 'prod'] } });
  });

  it('places every resource in a region its account lists, with unique ids and addresses inside its subnet', () => {
    const ids = new Set<string>();
    for (const inventory of INVENTORY) {
      expect(inventory.account.regions).toContain(inventory.region);
      for (const instance of inventory.instances) {
        expect(ids.has(instance.id)).toBe(false);
        ids.add(instance.id);
        expect(instance.id).toMatch(/^i-0[0-9a-f]{16}$/);
        expect(instance.privateIp.startsWith(instance.subnet.cidr.replace(/0\/24$/, ''))).toBe(true);
      }
    }
  });
});
