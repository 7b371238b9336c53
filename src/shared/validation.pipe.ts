import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestInvalidError } from './errors';

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${field}${text.slice(error.property.length)}` : `${field}: ${text}`,
    );
    return [...own, ...describe(error.children ?? [], field)];
  });
}

/** Validation runs once, here: unknown fields are rejected, failures answer 400 REQUEST.INVALID. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestInvalidError(describe(errors).join('; ') || 'Invalid request'),
  });
}
