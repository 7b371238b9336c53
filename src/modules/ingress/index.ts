export { IngressModule } from './ingress.module';
export { DeliveriesService, PARKED_RETENTION_HOURS } from './deliveries.service';
export { ConversationsService } from './conversations.service';
export { ConversationMappingConflict, BadSignatureError } from './ingress.errors';
export { DeliveryStatus } from './delivery.entity';
export { describeIngressRoute } from './ingress.openapi';
