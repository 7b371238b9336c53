export { IngressModule } from './ingress.module';
export { DeliveriesService, OwnEvent } from './deliveries.service';
export { describeIngressRoute } from './ingress.openapi';
