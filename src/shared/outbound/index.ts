export { OutboundHttp, OutboundRequest, OutboundResponse, OutboundTimeouts } from './outbound-http';
export { UpstreamRefusedError, UpstreamTimeoutError, UpstreamUnreachableError } from './outbound.errors';
export { isForbiddenAddress, namesPrivateAddress } from './address-policy';
