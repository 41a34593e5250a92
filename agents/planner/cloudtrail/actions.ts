/**
 * What people call AWS API actions, mapped to CloudTrail event names. A concept matches when
 * one of its verbs and one of its objects appear near each other, in either order ("deleted
 * buckets", "bucket deletions", "a bucket was deleted").
 */

export interface ActionConcept {
  id: string;
  /** Plain words for answers: "deleted S3 buckets". */
  label: string;
  eventNames: string[];
  /** Lambda's event names carry API-version suffixes (UpdateFunctionCode20150331v2). */
  eventNamePrefixes?: string[];
  /** requestparameters fields that name the affected resource, shown in answers. */
  resourceFields: string[];
  /** Show the whole request (who it was shared with, which ports were opened). */
  showRequest?: boolean;
  /** Concepts this one is a more specific form of; they are dropped when both match. */
  refines?: string[];
  verbs: string[];
  objects: string[];
  /** Extra words that must appear for the concept (e.g. "serial console"). */
  requires?: RegExp;
  /** A phrase that names the concept on its own ("console logins"). */
  phrase?: RegExp;
}

const INSTANCE = ['instances?', 'ec2(?: instances?)?', 'servers?', 'vms?', 'machines?', 'hosts?', 'boxes'];

export const ACTION_CONCEPTS: ActionConcept[] = [
  { id: 'stop_instances', label: 'stopped EC2 instances', eventNames: ['StopInstances'], resourceFields: ['requestparameters.instancesSet'], verbs: ['stop', 'shut down', 'shutdown', 'halt'], objects: INSTANCE },
  { id: 'terminate_instances', label: 'terminated EC2 instances', eventNames: ['TerminateInstances'], resourceFields: ['requestparameters.instancesSet'], verbs: ['terminat', 'destroy', 'kill'], objects: INSTANCE },
  { id: 'start_instances', label: 'started EC2 instances', eventNames: ['StartInstances'], resourceFields: ['requestparameters.instancesSet'], verbs: ['start', 'boot', 'power'], objects: INSTANCE },
  { id: 'reboot_instances', label: 'rebooted EC2 instances', eventNames: ['RebootInstances'], resourceFields: ['requestparameters.instancesSet'], verbs: ['reboot', 'restart'], objects: INSTANCE },
  { id: 'run_instances', label: 'launched EC2 instances (RunInstances)', eventNames: ['RunInstances'], resourceFields: ['requestparameters.instanceType', 'requestparameters.instancesSet'], verbs: ['launch', 'run', 'creat', 'spun up', 'spin up', 'provision'], objects: INSTANCE },
  { id: 'delete_bucket', label: 'deleted S3 buckets', eventNames: ['DeleteBucket'], resourceFields: ['requestparameters.bucketName'], verbs: ['delet', 'remov', 'destroy', 'drop'], objects: ['(?:s3 )?buckets?'] },
  { id: 'create_bucket', label: 'created S3 buckets', eventNames: ['CreateBucket'], resourceFields: ['requestparameters.bucketName'], verbs: ['creat', 'new'], objects: ['(?:s3 )?buckets?'] },
  { id: 'bucket_policy_change', label: 'changed S3 bucket policies', eventNames: ['PutBucketPolicy', 'DeleteBucketPolicy'], resourceFields: ['requestparameters.bucketName'], showRequest: true, refines: ['delete_bucket', 'create_bucket'], verbs: ['put', 'chang', 'modif', 'updat', 'set', 'edit', 'delet', 'remov', 'attach'], objects: ['(?:s3 )?bucket polic(?:y|ies)'] },
  { id: 'public_access_block', label: 'changed S3 public access blocks', eventNames: ['PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutPublicAccessBlock', 'DeletePublicAccessBlock'], resourceFields: ['requestparameters.bucketName'], showRequest: true, refines: ['delete_bucket'], verbs: ['chang', 'delet', 'remov', 'disabl', 'put', 'modif', 'turn'], objects: ['public access block'] },
  { id: 'create_user', label: 'created IAM users', eventNames: ['CreateUser'], resourceFields: ['requestparameters.userName'], verbs: ['creat', 'add', 'new', 'set up'], objects: ['(?:iam )?users?'] },
  { id: 'delete_user', label: 'deleted IAM users', eventNames: ['DeleteUser'], resourceFields: ['requestparameters.userName'], verbs: ['delet', 'remov'], objects: ['(?:iam )?users?'] },
  { id: 'create_access_key', label: 'created access keys', eventNames: ['CreateAccessKey'], resourceFields: ['requestparameters.userName'], refines: ['create_user'], verbs: ['creat', 'got', 'get', 'generat', 'issu', 'new', 'made', 'received', 'given'], objects: ['access keys?', 'api keys?', 'keys'] },
  { id: 'delete_access_key', label: 'deleted access keys', eventNames: ['DeleteAccessKey', 'UpdateAccessKey'], resourceFields: ['requestparameters.userName', 'requestparameters.accessKeyId'], refines: ['delete_user'], verbs: ['delet', 'remov', 'deactivat', 'disabl'], objects: ['access keys?'] },
  { id: 'login_profile', label: 'created console passwords (login profiles)', eventNames: ['CreateLoginProfile'], resourceFields: ['requestparameters.userName'], refines: ['create_user', 'console_login'], verbs: ['creat', 'set', 'gave', 'given', 'got', 'enabl', 'add', 'new'], objects: ['login profiles?', 'console passwords?', 'console access', 'passwords?'] },
  { id: 'change_password', label: 'changed console passwords', eventNames: ['UpdateLoginProfile', 'ChangePassword'], resourceFields: ['requestparameters.userName'], refines: ['login_profile', 'console_login'], verbs: ['chang', 'reset', 'updat'], objects: ['passwords?', 'login profiles?'] },
  { id: 'attach_policy', label: 'attached IAM policies', eventNames: ['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy', 'PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy'], resourceFields: ['requestparameters.userName', 'requestparameters.roleName', 'requestparameters.policyArn'], showRequest: true, verbs: ['attach', 'grant', 'gave', 'given', 'add', 'put'], objects: ['polic(?:y|ies)', 'admin(?:istrator)?(?: access| rights| permissions)?', 'permissions?'] },
  { id: 'assume_role', label: 'assumed roles', eventNames: ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'], resourceFields: ['requestparameters.roleArn', 'requestparameters.roleSessionName'], verbs: ['assum'], objects: ['roles?'] },
  { id: 'create_role', label: 'created IAM roles', eventNames: ['CreateRole'], resourceFields: ['requestparameters.roleName'], verbs: ['creat', 'add', 'new'], objects: ['(?:iam )?roles?'] },
  { id: 'trust_policy', label: 'changed role trust policies', eventNames: ['UpdateAssumeRolePolicy'], resourceFields: ['requestparameters.roleName'], showRequest: true, refines: ['attach_policy'], verbs: ['chang', 'updat', 'modif', 'backdoor', 'edit'], objects: ['trust polic(?:y|ies)', 'assume role polic(?:y|ies)'] },
  { id: 'open_security_group', label: 'ingress rules added to security groups', eventNames: ['AuthorizeSecurityGroupIngress'], resourceFields: ['requestparameters.groupId', 'requestparameters.groupName'], showRequest: true, verbs: ['open', 'authoriz', 'add', 'allow', 'expos', 'creat', 'chang', 'modif'], objects: ['security groups?', 'ingress(?: rules?)?', 'inbound(?: rules?)?', 'firewall rules?', 'sg'] },
  { id: 'revoke_security_group', label: 'ingress rules removed from security groups', eventNames: ['RevokeSecurityGroupIngress'], resourceFields: ['requestparameters.groupId'], showRequest: true, refines: ['open_security_group'], verbs: ['revok', 'remov', 'delet', 'clos'], objects: ['ingress(?: rules?)?', 'inbound(?: rules?)?', 'security group rules?'] },
  { id: 'share_ebs_snapshot', label: 'shared EBS snapshots', eventNames: ['ModifySnapshotAttribute'], resourceFields: ['requestparameters.snapshotId'], showRequest: true, verbs: ['shar', 'made public', 'expos', 'modif', 'gave access', 'grant'], objects: ['(?:ebs |volume )?snapshots?'] },
  { id: 'share_rds_snapshot', label: 'shared RDS snapshots', eventNames: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'], resourceFields: ['requestparameters.dBSnapshotIdentifier', 'requestparameters.dBClusterSnapshotIdentifier'], showRequest: true, refines: ['share_ebs_snapshot'], verbs: ['shar', 'made public', 'expos', 'modif', 'grant'], objects: ['(?:rds|db|database|aurora) (?:cluster )?snapshots?'] },
  { id: 'share_ami', label: 'shared AMIs', eventNames: ['ModifyImageAttribute'], resourceFields: ['requestparameters.imageId'], showRequest: true, verbs: ['shar', 'made public', 'made shareable', 'shareable', 'expos', 'modif', 'grant'], objects: ['amis?', '(?:machine )?images?'] },
  { id: 'console_login', label: 'console sign-ins', eventNames: ['ConsoleLogin'], resourceFields: [], verbs: ['sign', 'logg?'], objects: ['(?:in|on)(?:to)? (?:the |to the )?(?:aws )?console'], phrase: /\b(?:console )?(?:sign-?ins?|logins?|log-?ins?|sign-?ons?)\b|\b(?:logged|signed) (?:in|on)\b/ },
  { id: 'schedule_key_deletion', label: 'KMS keys scheduled for deletion', eventNames: ['ScheduleKeyDeletion'], resourceFields: ['requestparameters.keyId'], verbs: ['schedul', 'delet', 'destroy'], objects: ['(?:kms )?keys?', 'cmks?'], requires: /\b(?:kms|cmk|key)\b/ },
  { id: 'disable_key', label: 'disabled KMS keys', eventNames: ['DisableKey'], resourceFields: ['requestparameters.keyId'], refines: ['schedule_key_deletion'], verbs: ['disabl'], objects: ['(?:kms )?keys?'] },
  { id: 'stop_logging', label: 'CloudTrail logging stopped', eventNames: ['StopLogging'], resourceFields: ['requestparameters.name'], verbs: ['stop', 'disabl', 'turn(?:ed)? off', 'paus', 'halt'], objects: ['logging', 'cloudtrail', 'trails?', 'audit log(?:ging|s)?'] },
  { id: 'delete_trail', label: 'deleted CloudTrail trails', eventNames: ['DeleteTrail'], resourceFields: ['requestparameters.name'], refines: ['stop_logging'], verbs: ['delet', 'remov'], objects: ['trails?', 'cloudtrail'] },
  { id: 'change_trail', label: 'changed CloudTrail trails', eventNames: ['UpdateTrail', 'PutEventSelectors'], resourceFields: ['requestparameters.name', 'requestparameters.trailName'], showRequest: true, refines: ['stop_logging'], verbs: ['chang', 'updat', 'modif', 'tamper'], objects: ['trails?', 'event selectors?'] },
  { id: 'delete_flow_logs', label: 'deleted VPC flow logs', eventNames: ['DeleteFlowLogs'], resourceFields: ['requestparameters.DeleteFlowLogsRequest'], verbs: ['delet', 'remov', 'disabl'], objects: ['flow logs?'] },
  { id: 'ecr_pull', label: 'container image pulls from ECR', eventNames: ['BatchGetImage', 'GetDownloadUrlForLayer'], resourceFields: ['requestparameters.repositoryName'], verbs: ['pull', 'download', 'fetch', 'get'], objects: ['(?:container |docker )?images?', 'containers?', 'layers?'], requires: /\b(?:ecr|container|docker|image|images)\b/ },
  { id: 'lambda_invoke', label: 'Lambda function invocations', eventNames: ['Invoke', 'InvokeFunction'], eventNamePrefixes: ['Invoke'], resourceFields: ['requestparameters.functionName'], verbs: ['invok', 'call', 'trigger', 'ran', 'run', 'execut'], objects: ['(?:lambda )?functions?', 'lambdas?'] },
  { id: 'lambda_update_code', label: 'Lambda function code updates', eventNames: [], eventNamePrefixes: ['UpdateFunctionCode', 'UpdateFunctionConfiguration'], resourceFields: ['requestparameters.functionName'], refines: ['lambda_invoke'], verbs: ['updat', 'chang', 'modif', 'deploy', 'backdoor'], objects: ['(?:lambda )?functions?', 'lambdas?', 'function code'] },
  { id: 'serial_console_ssh', label: 'SSH public keys sent through the EC2 serial console', eventNames: ['SendSerialConsoleSSHPublicKey'], resourceFields: ['requestparameters.instanceId'], refines: ['instance_connect_ssh'], verbs: ['send', 'sent', 'push', 'upload', 'add'], objects: ['ssh (?:public )?keys?', 'public keys?', 'keys?'], requires: /serial console/ },
  { id: 'instance_connect_ssh', label: 'SSH public keys sent with EC2 Instance Connect', eventNames: ['SendSSHPublicKey'], resourceFields: ['requestparameters.instanceId'], verbs: ['send', 'sent', 'push', 'upload'], objects: ['ssh (?:public )?keys?', 'public keys?'], requires: /instance connect|ssh (?:public )?key/ },
  { id: 'bedrock_invoke', label: 'Amazon Bedrock model invocations', eventNames: ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'], resourceFields: ['requestparameters.modelId'], refines: ['lambda_invoke'], verbs: ['invok', 'us', 'call', 'ran', 'run', 'query', 'prompt'], objects: ['(?:bedrock |foundation |llm |ai )?models?', 'bedrock', 'llms?'] },
  { id: 'get_secret', label: 'secret reads (GetSecretValue)', eventNames: ['GetSecretValue'], resourceFields: ['requestparameters.secretId'], verbs: ['read', 'get', 'got', 'retriev', 'access', 'fetch', 'pull', 'stole', 'steal'], objects: ['secrets?(?: values?)?'] },
  { id: 'get_parameters', label: 'SSM parameter reads', eventNames: ['GetParameter', 'GetParameters', 'GetParametersByPath'], resourceFields: ['requestparameters.name', 'requestparameters.names'], verbs: ['read', 'get', 'retriev', 'access', 'fetch'], objects: ['(?:ssm )?parameters?'] },
  { id: 'get_password_data', label: 'EC2 password data reads', eventNames: ['GetPasswordData'], resourceFields: ['requestparameters.instanceId'], verbs: ['read', 'get', 'retriev', 'access', 'fetch', 'stole', 'steal'], objects: ['password data', 'windows passwords?'] },
  { id: 'leave_organization', label: 'accounts leaving the organization', eventNames: ['LeaveOrganization'], resourceFields: [], verbs: ['leav', 'left', 'quit'], objects: ['organi[sz]ations?', 'org'] },
  { id: 'disable_guardduty', label: 'GuardDuty detectors deleted or changed', eventNames: ['DeleteDetector', 'UpdateDetector', 'DisassociateFromMasterAccount'], resourceFields: ['requestparameters.detectorId'], verbs: ['delet', 'disabl', 'turn(?:ed)? off', 'stop', 'chang'], objects: ['guardduty', 'detectors?'] },
  { id: 'stop_config', label: 'AWS Config recording stopped', eventNames: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'], resourceFields: ['requestparameters.configurationRecorderName'], verbs: ['stop', 'delet', 'disabl', 'turn(?:ed)? off'], objects: ['config(?:uration)? recorders?', 'aws config', 'config recording'] },
  { id: 'send_command', label: 'SSM commands sent to instances', eventNames: ['SendCommand', 'StartSession'], resourceFields: ['requestparameters.documentName', 'requestparameters.instanceIds', 'requestparameters.target'], verbs: ['send', 'sent', 'run', 'ran', 'execut', 'start'], objects: ['(?:ssm |shell )?commands?', 'sessions?', 'session manager'] },
  { id: 'create_security_group', label: 'created security groups', eventNames: ['CreateSecurityGroup'], resourceFields: ['requestparameters.groupName'], refines: ['open_security_group'], verbs: ['creat', 'new'], objects: ['security groups?'] },
  { id: 'delete_security_group', label: 'deleted security groups', eventNames: ['DeleteSecurityGroup'], resourceFields: ['requestparameters.groupId'], refines: ['open_security_group'], verbs: ['delet', 'remov'], objects: ['security groups?'] },
  { id: 'delete_log_group', label: 'deleted CloudWatch log groups', eventNames: ['DeleteLogGroup', 'DeleteLogStream'], resourceFields: ['requestparameters.logGroupName'], verbs: ['delet', 'remov'], objects: ['log groups?', 'log streams?'] },
  { id: 'mfa_removed', label: 'MFA devices deactivated or deleted', eventNames: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'], resourceFields: ['requestparameters.userName'], verbs: ['deactivat', 'delet', 'remov', 'disabl'], objects: ['mfa(?: devices?)?'] },
  { id: 'trust_anchor', label: 'IAM Roles Anywhere trust anchors created', eventNames: ['CreateTrustAnchor', 'CreateProfile'], resourceFields: ['requestparameters.name'], verbs: ['creat', 'add', 'new'], objects: ['trust anchors?', 'roles anywhere'] },
  { id: 'user_data', label: 'instance user data changes', eventNames: ['ModifyInstanceAttribute'], resourceFields: ['requestparameters.instanceId'], showRequest: true, verbs: ['chang', 'modif', 'updat', 'set', 'edit'], objects: ['user ?data', 'instance attributes?'] },
  { id: 'delete_db', label: 'deleted databases', eventNames: ['DeleteDBInstance', 'DeleteDBCluster'], resourceFields: ['requestparameters.dBInstanceIdentifier', 'requestparameters.dBClusterIdentifier'], verbs: ['delet', 'remov', 'destroy', 'drop'], objects: ['(?:rds )?(?:db |database )(?:instances?|clusters?)', 'databases?'] },
  { id: 'get_object', label: 'S3 object downloads', eventNames: ['GetObject'], resourceFields: ['requestparameters.bucketName', 'requestparameters.key'], verbs: ['download', 'read', 'got', 'get', 'fetch', 'access'], objects: ['(?:s3 )?objects?', 'files?'] },
  { id: 'put_object', label: 'S3 object uploads', eventNames: ['PutObject'], resourceFields: ['requestparameters.bucketName', 'requestparameters.key'], verbs: ['upload', 'put', 'wrote', 'writ'], objects: ['(?:s3 )?objects?', 'files?'] },
];

const API_VERB = /^(Get|List|Describe|Create|Delete|Put|Update|Run|Start|Stop|Terminate|Modify|Attach|Detach|Assume|Authorize|Revoke|Send|Invoke|Console|Schedule|Disable|Enable|Batch|Leave|Change|Reboot|Tag|Untag|Generate|Import|Export|Associate|Disassociate|Register|Deregister|Set|Add|Remove|Upload|Copy|Restore|Reset|Accept|Reject|Cancel|Confirm|Deactivate|Activate|Apply|Lookup|Search|Simulate|Validate|Subscribe|Unsubscribe|Publish|Receive|Purge|Rotate|Retire|Check|Converse|Decrypt|Encrypt|Re|Allocate|Release|Request|Initiate|Complete|Abort|Head|Restore|Unlink|Link|Upgrade|Swap|Switch|Execute|Filter|Scan|Query|Call|Verify|Sign)[A-Z0-9]/;

/** API names written as such in the question: GetSecretValue, RunInstances, ConsoleLogin. */
export function explicitEventNames(question: string): string[] {
  const names = [...question.matchAll(/\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)\b/g)].map((m) => m[1]!).filter((name) => API_VERB.test(name));
  return [...new Set(names)];
}

export interface ConceptMatch {
  concept: ActionConcept;
  /** Where in the question it matched, to drop words already understood. */
  span: [number, number];
}

/** The action concepts a question mentions, most specific first, less specific forms dropped. */
export function matchActionConcepts(question: string): ConceptMatch[] {
  const text = question.toLowerCase();
  const matches: ConceptMatch[] = [];
  for (const concept of ACTION_CONCEPTS) {
    if (concept.requires && !concept.requires.test(text)) continue;
    const phrase = concept.phrase?.exec(text);
    const span: [number, number] | undefined = phrase ? [phrase.index, phrase.index + phrase[0].length] : findVerbObject(text, concept.verbs, concept.objects);
    if (span) matches.push({ concept, span });
  }
  const refined = new Set(matches.flatMap((m) => m.concept.refines ?? []));
  return matches.filter((m) => !refined.has(m.concept.id));
}

const GAP = '(?:[\\w/().,\'-]+\\s+){0,5}?';

function findVerbObject(text: string, verbs: string[], objects: string[]): [number, number] | undefined {
  const verb = `(?:${verbs.join('|')})\\w*`;
  const object = `(?:${objects.join('|')})`;
  const forward = new RegExp(`\\b${verb}\\s+${GAP}${object}\\b`);
  const backward = new RegExp(`\\b${object}\\s+${GAP}${verb}\\b`);
  const match = forward.exec(text) ?? backward.exec(text);
  return match ? [match.index, match.index + match[0].length] : undefined;
}
