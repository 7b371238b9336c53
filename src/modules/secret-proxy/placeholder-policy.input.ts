import { RequestInvalidError } from '../../shared/errors';
import {
  AllowRule,
  ApprovalSettings,
  DEFAULT_APPROVAL_TIMEOUT_SECONDS,
  normaliseMethods,
  pathPatternProblem,
  PlaceholderPolicy,
  POLICY_METHODS,
  READ_ONLY_METHODS,
} from './placeholder-policy';

export interface PolicyInput {
  allow?: Array<{ methods: string[]; path: string }>;
  approval?: Omit<ApprovalSettings, 'methods' | 'paths' | 'timeoutSeconds'> & {
    methods?: string[];
    paths?: string[];
    timeoutSeconds?: number;
  };
}

/**
 * The policy as stored: methods upper-cased, the approval's defaults written out, every path
 * pattern checked (400 REQUEST.INVALID naming the field otherwise). The shapes were checked by the
 * request DTO already.
 */
export function readPolicyInput(input: PolicyInput): PlaceholderPolicy {
  const allow = input.allow?.map((rule, index): AllowRule => ({
    methods: methodsOf(rule.methods, `allow[${index}].methods`),
    path: patternOf(rule.path, `allow[${index}].path`),
  }));
  const approval = input.approval;
  return {
    allow: allow ?? null,
    approval: approval
      ? {
          integrationId: approval.integrationId.toLowerCase(),
          connectionId: approval.connectionId.toLowerCase(),
          channel: approval.channel,
          approverUserId: approval.approverUserId,
          methods: approval.methods
            ? methodsOf(approval.methods, 'approval.methods')
            : POLICY_METHODS.filter((method) => !READ_ONLY_METHODS.includes(method)),
          paths: approval.paths?.map((path, index) => patternOf(path, `approval.paths[${index}]`)) ?? null,
          timeoutSeconds: approval.timeoutSeconds ?? DEFAULT_APPROVAL_TIMEOUT_SECONDS,
        }
      : null,
  };
}

function methodsOf(methods: string[], field: string): string[] {
  const normalised = normaliseMethods(methods);
  if (!normalised) throw new RequestInvalidError(`${field} must only name ${POLICY_METHODS.join(', ')}`);
  return normalised;
}

function patternOf(path: string, field: string): string {
  const problem = pathPatternProblem(path);
  if (problem) throw new RequestInvalidError(`${field} ${problem}`);
  return path;
}
