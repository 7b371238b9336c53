export { SecretProxyModule } from './secret-proxy.module';
export { describeProxyRoutes } from './proxy.openapi';
export { WorkerTokensService, WorkerPrincipal } from './worker-tokens.service';
export { ApprovalDesk, ApprovalDecision, ApprovalOutcome, ApprovalQuestion, Approver } from './approval-desk';
