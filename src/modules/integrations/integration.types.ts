/** How ingress verifies a provider's request; `none` is an explicit opt-out. */
export const INGRESS_SCHEMES = ['slack', 'standard-webhooks', 'stripe', 'github', 'shopify', 'none'] as const;
export type IngressScheme = (typeof INGRESS_SCHEMES)[number];

/** `push`: plugboard POSTs each delivery to deliveryUrl; `pull`: the agent pulls them under a lease. */
export const DELIVERY_MODES = ['push', 'pull'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const ON_ERROR_POLICIES = ['park', 'discard'] as const;
export type OnErrorPolicy = (typeof ON_ERROR_POLICIES)[number];

/** `plugin` is any slug; `slack` and `github` add conversation extraction. */
export const PLUGIN_SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
