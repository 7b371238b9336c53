export { IngressModule } from './ingress.module';
export { DeliveriesService } from './deliveries.service';
export { EventsInsertAfter, EventsInsertSql } from './events-insert.sql';
export { describeIngressRoute } from './ingress.openapi';
