import { Injectable } from '@nestjs/common';
import { PlaceholdersRepository } from './placeholders.repository';
import { WorkerTokensRepository } from './worker-tokens.repository';

const MAX_BATCHES = 100;

/** For the global sweep (maintenance): expired placeholders and worker tokens, in bounded batches. */
@Injectable()
export class SecretProxySweepService {
  constructor(
    private readonly placeholders: PlaceholdersRepository,
    private readonly workerTokens: WorkerTokensRepository,
  ) {}

  async sweepExpired(batchSize = 1000): Promise<{ placeholders: number; workerTokens: number }> {
    return {
      placeholders: await drain(() => this.placeholders.deleteExpiredBatch(batchSize), batchSize),
      workerTokens: await drain(() => this.workerTokens.deleteExpiredBatch(batchSize), batchSize),
    };
  }
}

async function drain(deleteBatch: () => Promise<number>, batchSize: number): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
