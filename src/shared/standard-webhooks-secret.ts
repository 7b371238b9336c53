const PREFIX = 'whsec_';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((character, index) => [character.charCodeAt(0), index]));

/**
 * The HMAC key of a Standard Webhooks secret, read exactly as the official libraries read it
 * (`standardwebhooks` on npm: strip an optional `whsec_`, then @stablelib/base64's strict standard
 * base64), so a sender using the library and plugboard agree on the key. null where the library
 * refuses the secret: an empty key, a bad padding, a character outside the standard alphabet.
 *
 * The decoder is a port, quirks included: padding is optional, and a final group of a single
 * character is ignored without being looked at.
 */
export function decodeStandardWebhooksSecret(secret: string): Buffer | null {
  const text = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (text.length === 0) return null;
  let padding = 0;
  while (padding < text.length && text[text.length - 1 - padding] === '=') padding++;
  if (text.length < 4 || padding > 2) return null;
  const length = text.length - padding;
  const digits: number[] = [];
  // a trailing group of one character carries no whole byte: the library never reads it
  const readable = length % 4 === 1 ? length - 1 : length;
  for (let index = 0; index < readable; index++) {
    const value = VALUE.get(text.charCodeAt(index));
    if (value === undefined) return null;
    digits.push(value);
  }
  const bytes: number[] = [];
  for (let index = 0; index + 1 < digits.length; index += 4) {
    const [a, b, c, d] = digits.slice(index, index + 4);
    bytes.push(((a << 2) | (b >>> 4)) & 0xff);
    if (c !== undefined) bytes.push(((b << 4) | (c >>> 2)) & 0xff);
    if (d !== undefined) bytes.push(((c << 6) | d) & 0xff);
  }
  return bytes.length === 0 ? null : Buffer.from(bytes);
}
