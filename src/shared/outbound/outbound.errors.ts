import { PlugboardError } from '../errors';

/** The target resolves to an address outbound calls may not reach (or is not http/https). */
export class UpstreamRefusedError extends PlugboardError {
  constructor(message = 'Upstream address is not allowed') {
    super('OUTBOUND.UPSTREAM_REFUSED', 403, message);
  }
}

export class UpstreamTimeoutError extends PlugboardError {
  constructor(message = 'Upstream did not answer in time') {
    super('OUTBOUND.UPSTREAM_TIMEOUT', 504, message);
  }
}

export class UpstreamUnreachableError extends PlugboardError {
  constructor(message = 'Upstream could not be reached') {
    super('OUTBOUND.UPSTREAM_UNREACHABLE', 502, message);
  }
}

/** The upstream's answer is longer than plugboard reads into memory: a transient failure. */
export class UpstreamAnswerTooLargeError extends PlugboardError {
  constructor(maxBytes: number) {
    super('OUTBOUND.ANSWER_TOO_LARGE', 502, `Upstream answer is longer than ${maxBytes} bytes`);
  }
}
