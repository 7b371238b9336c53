import { namesPrivateAddress } from '../../shared/outbound';

/**
 * What saving a delivery URL should warn about. A loopback or private URL is accepted (it may be
 * right in a deployment that sets ALLOW_PRIVATE_UPSTREAMS) but, without that setting, every delivery
 * to it would be dead-lettered at once, so the answer and the log say what to do instead.
 */
export function deliveryUrlWarnings(
  deliveryUrl: string | undefined,
  allowPrivateUpstreams: boolean,
): string[] {
  if (!deliveryUrl || allowPrivateUpstreams || !namesPrivateAddress(deliveryUrl)) return [];
  return [
    `deliveryUrl ${deliveryUrl} is a loopback or private address, which plugboard refuses to deliver to: ` +
      'set ALLOW_PRIVATE_UPSTREAMS=true for local development, or use `plugboard listen` to relay deliveries to localhost',
  ];
}
