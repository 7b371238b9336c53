import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * A path id that is not a UUID names nothing: answer 404 like any unknown id, and never let it reach
 * PostgreSQL, where a malformed uuid is a 22P02 error rather than "no row".
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new NotFoundError('Resource');
    return value.toLowerCase();
  }
}
