/**
 * CloudFormation templates as plain typed JSON: the few shapes the data pipeline's templates use,
 * the intrinsic functions they call, and IAM policy documents. No CDK: what is built here is
 * exactly what `aws cloudformation deploy` reads.
 */

export type Intrinsic = { Ref: string } | { 'Fn::GetAtt': [string, string] } | { 'Fn::Sub': string } | { 'Fn::If': [string, Value, Value] };

export type Value = string | number | boolean | Intrinsic | readonly Value[] | { readonly [key: string]: Value };

export interface Parameter {
  Type: 'String' | 'Number' | 'AWS::EC2::VPC::Id';
  Description: string;
  Default?: string | number;
  AllowedPattern?: string;
  ConstraintDescription?: string;
  MinValue?: number;
}

export interface Resource {
  Type: string;
  Properties: { [key: string]: Value };
  DependsOn?: string[];
  DeletionPolicy?: 'Retain';
  UpdateReplacePolicy?: 'Retain';
}

interface Output {
  Description: string;
  Value: Value;
}

export interface Template {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters?: Record<string, Parameter>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, Output>;
}

/** Values CloudFormation supplies in every stack (`AWS::AccountId`, …), usable in `Ref` and `${…}`. */
export const PSEUDO_PARAMETERS = ['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::StackName', 'AWS::URLSuffix'] as const;

export const ref = (name: string): Intrinsic => ({ Ref: name });
export const getAtt = (resource: string, attribute: string): Intrinsic => ({ 'Fn::GetAtt': [resource, attribute] });
/** `${Name}` and `${Resource.Attribute}` are substituted; write `${!x}` for a literal `${x}`. */
export const sub = (text: string): Intrinsic => ({ 'Fn::Sub': text });

/**
 * A JSON document CloudFormation wants as a string (a Logs destination policy, an account
 * policy), with `${…}` references substituted at deploy time.
 */
export const jsonSub = (document: Value): Intrinsic => sub(JSON.stringify(document));

export type Principal = '*' | { Service: string | string[] } | { AWS: Value | Value[] };

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  Action: string | string[];
  Resource: Value | Value[];
  Condition?: Record<string, Record<string, Value>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export const policyDocument = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/** A policy document as a property value (interfaces carry no index signature, so TypeScript needs telling). */
export const policyValue = (document: PolicyDocument): Value => document as unknown as Value;

export const allow = (actions: string[], resources: Value[], condition?: PolicyStatement['Condition']): PolicyStatement => ({
  Effect: 'Allow',
  Action: actions,
  Resource: resources,
  ...(condition ? { Condition: condition } : {}),
});

/** An IAM role that one AWS service assumes, with one inline policy. */
export function serviceRole(options: {
  service: string;
  description: string;
  statements: PolicyStatement[];
  /** Conditions on the service's AssumeRole (confused-deputy protection). */
  trustCondition?: PolicyStatement['Condition'];
  /** Only for roles other stacks name; IAM role names are global to the account. */
  roleName?: Value;
}): Resource {
  const trust = { Effect: 'Allow', Principal: { Service: options.service }, Action: 'sts:AssumeRole', ...(options.trustCondition ? { Condition: options.trustCondition } : {}) };
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      ...(options.roleName ? { RoleName: options.roleName } : {}),
      Description: options.description,
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [trust] },
      Policies: [{ PolicyName: 'least-privilege', PolicyDocument: policyValue(policyDocument(...options.statements)) }],
    },
  };
}
