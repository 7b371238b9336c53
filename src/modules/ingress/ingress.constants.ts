/** The one ingress route; its raw body is kept for signature checks (raw-body.parser.ts). */
export const INGRESS_ROUTE = '/ingress/:pluginId/:instanceId/:route';
