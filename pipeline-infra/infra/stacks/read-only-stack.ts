import { API_READ_PERMISSIONS } from '../../api-sources/sdk/read-permissions.js';
import { allow, policyDocument, policyValue, sub, type Template } from '../cloudformation.js';
import type { PipelineSettings } from '../pipeline-settings.js';
import { LAKE_LOCATION_PARAMETERS } from './lake-location.js';

/** The role name the agents assume in each account (CIA_API_ROLE_NAME of the agent runtime). */
export const READ_ONLY_ROLE_NAME = 'cia-read-only';

/**
 * Every account, once (a StackSet in one region: IAM is global, so one role per account): the
 * role the agents assume to call the read APIs there (GuardDuty, Health, Access Analyzer,
 * Organizations, Quotas, Macie, Inspector, CloudWatch metrics), granting exactly the calls they
 * make, to the agent runtime's role of this stage in the lake account and to nobody else.
 */
export function readOnlyStack(settings: PipelineSettings): Template {
  const agentRoles = `arn:\${AWS::Partition}:iam::\${LakeAccountId}:role/cia-${settings.stage}-AgentRuntimeRole-*`;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `cia ${settings.stage}: the read-only role cia's agents assume in this account. Deploy once in every account (StackSet in one region).`,
    Parameters: { LakeAccountId: LAKE_LOCATION_PARAMETERS.LakeAccountId },
    Resources: {
      ReadOnlyRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: READ_ONLY_ROLE_NAME,
          Description: "cia's agents read findings, events, quotas and the organization here",
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{
              Effect: 'Allow',
              Principal: { AWS: sub('arn:${AWS::Partition}:iam::${LakeAccountId}:root') },
              Action: 'sts:AssumeRole',
              // The account root delegates; only the stage's agent runtime role may use it.
              Condition: { ArnLike: { 'aws:PrincipalArn': sub(agentRoles) } },
            }],
          },
          // The read APIs take no resource-level permissions (their resources are the account's findings).
          Policies: [{ PolicyName: 'read-apis', PolicyDocument: policyValue(policyDocument(allow([...API_READ_PERMISSIONS], ['*']))) }],
        },
      },
    },
    Outputs: { ReadOnlyRoleArn: { Description: 'the role the agent runtime assumes here', Value: sub('${ReadOnlyRole.Arn}') } },
  };
}
