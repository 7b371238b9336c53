export { PendingInteractionsModule } from './pending-interactions.module';
export { PendingInteractionsService } from './pending-interactions.service';
