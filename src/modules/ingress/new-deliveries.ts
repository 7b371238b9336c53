import { Injectable, Logger } from '@nestjs/common';
import { GroupCommit } from '../../shared/group-commit';
import { DeliveriesRepository, NewDelivery, StoredDelivery } from './deliveries.repository';
import { DeliveryQueue } from './delivery.queue';
import { EventsInsertAfter, eventsInsertParams, eventsInsertSql, storedEventOf } from './events-insert.sql';
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

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
  ) {
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
        this.enqueueUnclaimed(stored);
        return stored;
      },
    });
  }

  /**
   * Events stored by the caller's own statement (`run` executes it with the insert it is given),
   * which commits by itself: the rows it leased are POSTed as soon as it returns, the rest handed to
   * the queue. Per row of the statement, the delivery it stored (null: none).
   */
  async storeSelectedBy<Row extends object>(
    maxRows: number,
    run: (insertAfter: EventsInsertAfter) => Promise<Row[]>,
  ): Promise<Array<{ row: Row; stored: StoredDelivery | null }>> {
    let rows: Row[] = [];
    const stored = await this.queue.storeClaiming(maxRows, async (lease) => {
      rows = await run((firstParam) => ({
        sql: eventsInsertSql(firstParam),
        params: eventsInsertParams(lease),
      }));
      return rows.map(storedEventOf);
    });
    this.enqueueUnclaimed(stored);
    return rows.map((row, index) => ({ row, stored: stored[index] }));
  }

  /** Not awaited: enqueue never throws, and what it misses the outbox finds. */
  private enqueueUnclaimed(stored: Array<StoredDelivery | null>): void {
    void this.queue.enqueueMany(
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
  }

  /** The stored row (inserted, or the earlier row of the same delivery id); null: its integration is gone. */
  store(row: NewDelivery): Promise<StoredDelivery | null> {
    return this.batches.submit(row);
  }
}
