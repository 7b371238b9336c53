import { Injectable, Logger } from '@nestjs/common';
import { GroupCommit } from '../../shared/group-commit';
import { DeliveriesRepository, NewDelivery, StoredDelivery } from './deliveries.repository';
import { DeliveryQueue } from './delivery.queue';
import { DeliveryNotStoredError } from './ingress.errors';

/** A batch's payloads are one statement's parameters: bound their total so one batch stays modest. */
const MAX_BATCH_PAYLOAD_BYTES = 8 * 1024 * 1024;

/**
 * Where every new delivery is stored — providers' webhooks and plugboard's own events alike — by
 * group commit: rows submitted while an insert is in flight go together in the next multi-row
 * insert. Each submitter learns its row only after its batch committed; a failed batch fails every
 * row in it (DeliveryNotStoredError), so nobody is told "stored" for a row that is not. Rows the
 * insert claimed for this process's free dispatch slots are being POSTed already; the rest are
 * handed to the delivery queue, not awaited (enqueue never throws, and what it misses the outbox
 * finds).
 */
@Injectable()
export class NewDeliveries {
  private readonly logger = new Logger(NewDeliveries.name);
  private readonly batches: GroupCommit<NewDelivery, StoredDelivery | null>;

  constructor(deliveries: DeliveriesRepository, queue: DeliveryQueue) {
    this.batches = new GroupCommit<NewDelivery, StoredDelivery | null>({
      weightOf: (row) => row.payloadJson.length,
      maxWeight: MAX_BATCH_PAYLOAD_BYTES,
      write: async (rows) => {
        const stored = await queue
          .storeClaiming(rows.length, (lease) => deliveries.insertBatch(rows, lease))
          .catch((error: unknown) => {
            // one line per failed batch; each of its webhooks answers 503 and its provider retries
            this.logger.warn({ err: error, rows: rows.length }, 'deliveries batch not stored');
            throw new DeliveryNotStoredError();
          });
        void queue.enqueueMany(
          stored.flatMap((result) =>
            result?.inserted && !result.claimed
              ? [
                  {
                    id: result.id,
                    attempts: 0,
                    redrives: 0,
                    pull: result.pull,
                    integrationId: result.integrationId,
                  },
                ]
              : [],
          ),
        );
        return stored;
      },
    });
  }

  /** The stored row (inserted, or the earlier row of the same delivery id); null: its integration is gone. */
  store(row: NewDelivery): Promise<StoredDelivery | null> {
    return this.batches.submit(row);
  }
}
