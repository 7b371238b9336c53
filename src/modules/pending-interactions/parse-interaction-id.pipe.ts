import { Injectable, PipeTransform } from '@nestjs/common';
import { INTERACTION_ID } from './dto/create-interaction.request.dto';
import { InteractionNotFoundError } from './pending-interactions.errors';

/** An id that could never have been created names nothing: 404, like any unknown id. */
@Injectable()
export class ParseInteractionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!INTERACTION_ID.test(value)) throw new InteractionNotFoundError();
    return value;
  }
}
