import { isURL, ValidateBy, ValidationOptions } from 'class-validator';

// field rules shared by the create and update provider requests

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * An http(s) URL, where `{name}` stands for a per-connection parameter (`https://{shop}.myshopify.com`):
 * validated with every parameter replaced by a plain label.
 */
export function IsProviderUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isProviderUrl',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.length <= 2048 &&
          isURL(value.replace(/\{[a-z][A-Za-z0-9_]{0,31}\}/g, 'param'), URL_OPTIONS),
        defaultMessage: (args) => `${args?.property ?? 'url'} must be an http(s) URL`,
      },
    },
    options,
  );
}
