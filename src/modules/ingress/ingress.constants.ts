/** The one ingress route; its raw body is kept for signature checks (raw-body.parser.ts). */
export const INGRESS_ROUTE = '/ingress/:pluginId/:instanceId/:route';
export const PLUGIN_SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
