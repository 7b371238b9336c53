export { OutboundHttp, OutboundRequest, OutboundResponse, OutboundTimeouts } from './outbound-http';
export {
  UpstreamAnswerTooLargeError,
  UpstreamRefusedError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './outbound.errors';
export { MAX_ANSWER_BYTES } from './capped-read';
export { isForbiddenAddress, namesPrivateAddress } from './address-policy';
