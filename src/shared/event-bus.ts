import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventMap, EventName } from './events';

/**
 * Publishes typed events. Call it only after the writing transaction committed (see
 * `TransactionRunner.run`'s afterCommit). Listeners are awaited so callers observe their effects,
 * but a listener's failure is logged here and never reaches the emitter.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger(EventBus.name);

  constructor(private readonly emitter: EventEmitter2) {}

  async publish<K extends EventName>(name: K, payload: EventMap[K]): Promise<void> {
    try {
      await this.emitter.emitAsync(name, payload);
    } catch (error) {
      this.logger.error({ err: error, event: name }, `listener for ${name} failed`);
    }
  }
}
